using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect;

/// <summary>
/// Loads the root mapping of a YAML text through YamlDotNet's node model, for the readers of flows, scenarios and
/// routing rules; each reports a problem in its own exception type, through the factories it passes.
/// </summary>
internal static class YamlRoot
{
    /// <param name="yaml">The text.</param>
    /// <param name="syntaxError">The exception for text that is not YAML: 1-based line, column, and YamlDotNet's explanation.</param>
    /// <param name="notAMapping">The exception for a document (or none) whose root is not a mapping, at the root's line and column.</param>
    public static YamlMappingNode Load(string yaml, Func<int, int, string, Exception> syntaxError, Func<int, int, Exception> notAMapping)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            // YamlDotNet prefixes positions itself; keep only its explanation.
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            message = cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
            throw syntaxError((int)ex.Start.Line, (int)ex.Start.Column, message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count == 0 ? new Mark() : stream.Documents[0].RootNode.Start;
            throw notAMapping(Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column));
        }

        return root;
    }
}
