using System.CommandLine;
using OneBatch.Check;

namespace OneBatch.Cli;

/// <summary><c>onebatch demo NAME</c>: the single-batch check on one of the seed article's examples.</summary>
internal static class DemoCommand
{
    public static Command Create(CommonOptions options, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var command = new Command("demo", $"Run one of the seed article's examples: {string.Join(", ", SeedDemos.Names)}.");
        var name = new Argument<string>("name") { Description = string.Join(" | ", SeedDemos.Names) };
        command.Arguments.Add(name);
        options.AddTo(command);
        command.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            string demo = parse.GetValue(name)!;
            var settings = options.Read(parse);
            if (!SeedDemos.Names.Contains(demo))
            {
                throw new UsageException($"Unknown demo '{demo}': choose one of {string.Join(", ", SeedDemos.Names)}.");
            }

            return CheckRunner.Run(SeedDemos.Create(demo, settings.Seed), settings, stdout, stderr, interactive);
        }));
        return command;
    }
}
