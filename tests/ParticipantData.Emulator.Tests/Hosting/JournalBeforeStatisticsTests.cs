using System.Net;
using System.Reflection;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hosting;

/// <summary>
/// Tests wait for an answer in the statistics and then read the journal (e.g. the order of PATCHes): the journal must
/// hold every answer the statistics count, or its order is the order the entries were built in, not the order the
/// answers went out (the intermittent [1, 0, 2] of the client's lane-fairness test).
/// </summary>
public sealed class JournalBeforeStatisticsTests
{
    [Fact]
    public async Task An_answer_is_counted_only_once_the_journal_holds_it()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";

        Task<HttpResponseMessage> patch;
        using (var held = JournalHold.Take(emu.Host.Services.Journal))
        {
            // The journal cannot take an entry: the answer is stuck where the emulator records it.
            patch = emu.PatchJsonAsync(path, """{"attributes":{"tier":"gold"}}""", token);
            await EventuallyAsync(() => emu.Host.Statistics.AttributeWrites == 1); // the handler has applied the write
            await EventuallyAsync(() => patch.IsCompleted || held.Contended);
            emu.Host.Statistics.Count(202).ShouldBe(0); // not counted before the journal has it
        }

        using var answer = await patch;
        answer.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        emu.Host.Statistics.Count(202).ShouldBe(1);
        emu.Host.Services.Journal.Read(path, null).ShouldHaveSingleItem().Status.ShouldBe(202);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Environment.TickCount64.ShouldBeLessThan(deadline, "still not true after 10 s");
            await Task.Delay(5);
        }
    }

    /// <summary>Holds the journal's lock on a thread of its own (a Lock is released by the thread that took it).</summary>
    private sealed class JournalHold : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly Thread _thread;
        private readonly long _contentionBefore;

        private JournalHold(Lock gate)
        {
            using var taken = new ManualResetEventSlim();
            _thread = new Thread(() =>
            {
                lock (gate)
                {
                    taken.Set();
                    _release.Wait();
                }
            });
            _thread.Start();
            taken.Wait();
            _contentionBefore = Monitor.LockContentionCount;
        }

        /// <summary>A thread has had to wait for a lock since (in this process: the journal's, or another test's).</summary>
        public bool Contended => Monitor.LockContentionCount > _contentionBefore;

        public static JournalHold Take(RequestJournal journal) =>
            new((Lock)typeof(RequestJournal).GetField("_gate", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(journal)!);

        public void Dispose()
        {
            _release.Set();
            _thread.Join();
            _release.Dispose();
        }
    }
}
