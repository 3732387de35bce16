using System.Globalization;
using OneBatch.Check;

namespace OneBatch.Cli;

/// <summary>
/// Shows the loss as the check runs: one line rewritten in place on a terminal; on a pipe or a log, a line every
/// 500 steps (as the seed's loop prints).
/// </summary>
internal sealed class ProgressPrinter(TextWriter writer, bool interactive)
{
    private const int LogEvery = 500;
    private bool _wroteInPlace;

    public void Report(CheckProgress p)
    {
        if (interactive)
        {
            int width = 30;
            int filled = (int)((long)p.Step * width / Math.Max(1, p.MaxSteps));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r  [{new string('#', filled)}{new string('.', width - filled)}] step {p.Step,6}/{p.MaxSteps}  loss {p.Loss,12:G6}"));
            _wroteInPlace = true;
        }
        else if (p.Step % LogEvery == 0)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {p.Step,6}  loss {p.Loss:G6}"));
        }
    }

    public void Finish()
    {
        if (_wroteInPlace)
        {
            writer.Write("\r" + new string(' ', 80) + "\r");
        }
    }
}
