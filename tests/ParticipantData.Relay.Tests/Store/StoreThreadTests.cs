using System.Collections.Concurrent;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Tests.Store;

public sealed class StoreThreadTests
{
    private sealed record Item(string Name, int Weight);

    [Fact]
    public async Task A_batch_takes_every_urgent_item_and_background_items_only_up_to_the_weight()
    {
        var batches = new BlockingCollection<List<string>>();
        using var firstTaken = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var thread = new StoreThread<Item>("test", maxBatch: 100, maxBackgroundWeight: 32, item => item.Weight, batch =>
        {
            batches.Add(batch.Select(i => i.Name).ToList());
            if (batch[0].Name == "first")
            {
                firstTaken.Set();
                release.Wait(); // hold the thread while the rest queues up behind it
            }
        });

        thread.TryAdd(new Item("first", 1)).ShouldBeTrue();
        firstTaken.Wait();
        for (var i = 0; i < 3; i++)
        {
            thread.TryAdd(new Item($"bookkeeping-{i}", 20), background: true).ShouldBeTrue();
        }

        thread.TryAdd(new Item("accept-1", 1)).ShouldBeTrue();
        thread.TryAdd(new Item("accept-2", 1)).ShouldBeTrue();
        release.Set();
        await thread.StopAsync();

        batches.CompleteAdding();
        batches.ToList().ShouldBe(
        [
            ["first"],
            ["accept-1", "accept-2", "bookkeeping-0", "bookkeeping-1"], // 20 < 32, so a second one joins; 40 ≥ 32 stops
            ["bookkeeping-2"],
        ]);
    }

    [Fact]
    public async Task Stopping_runs_what_is_queued_and_refuses_what_comes_after()
    {
        var handled = new ConcurrentQueue<string>();
        var thread = new StoreThread<Item>("test", maxBatch: 10, maxBackgroundWeight: 1, _ => 1, batch =>
        {
            foreach (var item in batch)
            {
                handled.Enqueue(item.Name);
            }
        });
        for (var i = 0; i < 25; i++)
        {
            thread.TryAdd(new Item($"w{i}", 1), background: i % 2 == 0).ShouldBeTrue();
        }

        await thread.StopAsync();

        handled.Count.ShouldBe(25);
        thread.TryAdd(new Item("late", 1)).ShouldBeFalse();
    }
}
