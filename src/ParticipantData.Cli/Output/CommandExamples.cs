using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace ParticipantData.Cli.Output;

/// <summary>An "Examples:" section at the end of each command's own help (not in its parent's list of commands).</summary>
internal static class CommandExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = new();

    public static T WithExamples<T>(this T command, params string[] examples)
        where T : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    public static IReadOnlyList<string> For(Command command) => Examples.TryGetValue(command, out var examples) ? examples : [];

    /// <summary>Makes <c>--help</c> (and <c>pdata</c> alone) print the command's examples after the default help.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new ExamplesHelpAction();
        }

        root.SetAction(parse => new ExamplesHelpAction().Invoke(parse));
    }

    private sealed class ExamplesHelpAction : SynchronousCommandLineAction
    {
        // As the default help: `pdata attributes set --help` shows the help, not "argument missing".
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exit = new HelpAction().Invoke(parseResult);
            var examples = For(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            return exit;
        }
    }
}
