using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ParticipantData.Testing.Hostile;

/// <summary>What a hostile run found. A healthy emulator has every list empty.</summary>
public sealed class HostileReport
{
    public int Sent;
    public int ServerRejections;

    public ConcurrentDictionary<int, int> ByStatus { get; } = new();

    /// <summary>Answers of 500 or more (none are injected in a hostile run).</summary>
    public ConcurrentQueue<string> ServerErrors { get; } = new();

    /// <summary>Error answers that are not the platform's ErrorBody (or the login service's error, on /oauth/token).</summary>
    public ConcurrentQueue<string> BadErrorBodies { get; } = new();

    /// <summary>Requests that got no HTTP answer at all.</summary>
    public ConcurrentQueue<string> NoAnswer { get; } = new();

    /// <summary>Attribute writes applied by a request that was refused.</summary>
    public ConcurrentQueue<string> PhantomWrites { get; } = new();

    /// <summary>Attribute writes answered 2xx and not applied.</summary>
    public ConcurrentQueue<string> LostWrites { get; } = new();

    /// <summary>Where the client secret or an issued token was found (journal, error answers).</summary>
    public ConcurrentQueue<string> Leaks { get; } = new();

    /// <summary>Requests that got 2xx from a path that is not the platform's exact route.</summary>
    public ConcurrentQueue<string> Bypasses { get; } = new();

    public int AppliedWrites;

    public bool Healthy => ServerErrors.IsEmpty && BadErrorBodies.IsEmpty && NoAnswer.IsEmpty && PhantomWrites.IsEmpty
        && LostWrites.IsEmpty && Leaks.IsEmpty && Bypasses.IsEmpty;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"sent {Sent}, HTTP-server rejections {ServerRejections}, writes applied {AppliedWrites}; by status: ");
        text.AppendJoin(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        Section(text, "5xx", ServerErrors);
        Section(text, "not an ErrorBody", BadErrorBodies);
        Section(text, "no answer", NoAnswer);
        Section(text, "bypasses", Bypasses);
        Section(text, "phantom writes", PhantomWrites);
        Section(text, "lost writes", LostWrites);
        Section(text, "leaks", Leaks);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string name, ConcurrentQueue<string> items)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n{name}: {items.Count}");
        foreach (var item in items.Take(5))
        {
            text.Append("\n  ").Append(item.Length > 300 ? item[..300] + "..." : item);
        }
    }
}
