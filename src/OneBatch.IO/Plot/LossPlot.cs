using System.Globalization;
using OneBatch.Check;
using ScottPlot;

namespace OneBatch.IO.Plot;

/// <summary>
/// The loss curve of a check as a PNG: loss against step on a log scale, the target loss as a dashed line, the step
/// at which the batch was memorized (or the loss stopped being finite) marked, the verdict in the title and the
/// diagnosis codes in a box.
/// </summary>
public static class LossPlot
{
    public const int Width = 1000;
    public const int Height = 560;

    public static void Write(CheckReport report, string path, string title)
    {
        byte[] png = Render(report, title);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    public static byte[] Render(CheckReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var steps = new List<double>(report.LossCurve.Count);
        var logs = new List<double>(report.LossCurve.Count);
        int? nonFiniteAt = null;
        foreach (var (step, loss) in report.LossCurve)
        {
            if (!float.IsFinite(loss))
            {
                nonFiniteAt ??= step;
                continue;
            }

            steps.Add(step);
            logs.Add(Math.Log10(Math.Max(loss, 1e-30)));
        }

        double target = Math.Log10(report.TargetLoss);
        double low = Math.Min(target, logs.Count > 0 ? logs.Min() : target);
        double high = Math.Max(target, logs.Count > 0 ? logs.Max() : target);
        int lastStep = report.LossCurve.Count > 0 ? report.LossCurve[^1].Step : 0;

        var plot = new ScottPlot.Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);

        string verdict = report.Memorized
            ? string.Create(c, $"MEMORIZED in {report.MemorizedAtStep} steps")
            : string.Create(c, $"NOT MEMORIZED after {report.Steps} steps");
        plot.Title($"{title}: {verdict}");
        plot.Axes.Title.Label.ForeColor = report.Memorized ? Color.FromHex("#1B7F3B") : Color.FromHex("#B3261E");
        plot.XLabel("step");
        plot.YLabel(string.Create(c, $"{report.Loss} (log scale)"));

        var curve = plot.Add.ScatterLine(steps.ToArray(), logs.ToArray());
        curve.LineWidth = 2;
        curve.Color = Color.FromHex("#1F5FAD");

        double xMax = Math.Max(1, Math.Max(lastStep, nonFiniteAt ?? 0)) * 1.02;
        var green = Color.FromHex("#1B7F3B");
        var red = Color.FromHex("#B3261E");
        var targetLine = plot.Add.HorizontalLine(target);
        targetLine.LinePattern = LinePattern.Dashed;
        targetLine.LineWidth = 1.5f;
        targetLine.Color = green;
        Label(plot, string.Create(c, $"target {Short(report.TargetLoss)}"), xMax * 0.01, target, green, Alignment.LowerLeft);

        if (report.MemorizedAtStep is int at)
        {
            var mark = plot.Add.VerticalLine(at);
            mark.LinePattern = LinePattern.Dotted;
            mark.Color = green;
            int i = steps.BinarySearch(at);
            if (i >= 0)
            {
                var dot = plot.Add.Marker(at, logs[i]);
                dot.Color = green;
                dot.MarkerSize = 10;
                Label(plot, string.Create(c, $"memorized at step {at}"), at, logs[i], green, at > xMax * 0.6 ? Alignment.LowerRight : Alignment.LowerLeft);
            }
        }

        if (nonFiniteAt is int bad)
        {
            var mark = plot.Add.VerticalLine(bad);
            mark.Color = red;
            mark.LineWidth = 1.5f;
            Label(plot, string.Create(c, $"loss NaN/Inf at step {bad}"), bad, (low + high) / 2, red, bad > xMax * 0.6 ? Alignment.MiddleRight : Alignment.MiddleLeft);
        }

        string notes = report.Diagnoses.Count == 0
            ? "diagnoses: none"
            : "diagnoses:\n" + string.Join("\n", report.Diagnoses.Select(d => "  " + d.Code));
        notes += string.Create(c, $"\n{report.Optimizer}, lr {Short(report.LearningRate)}, batch {report.BatchSize}");
        notes += string.Create(c, $"\nloss {Short(report.InitialLoss)} -> {Short(report.FinalLoss)}");
        if (report.Accuracy is float acc)
        {
            notes += string.Create(c, $", accuracy {acc:P0}");
        }

        var box = plot.Add.Annotation(notes, Alignment.UpperRight);
        box.LabelFontSize = 13;
        box.LabelBackgroundColor = report.Diagnoses.Count == 0 ? Color.FromHex("#EEF6EE") : Color.FromHex("#FCEDEC");
        box.LabelBorderColor = Colors.Gray;
        box.LabelShadowColor = Colors.Transparent;

        plot.Axes.Left.TickGenerator = LogTicks(Math.Floor(low), Math.Ceiling(high));
        double pad = Math.Max(0.15, (high - low) * 0.06);
        plot.Axes.SetLimitsY(low - pad, high + pad);
        plot.Axes.SetLimitsX(0, xMax);

        return plot.GetImage(Width, Height).GetImageBytes(ImageFormat.Png);
    }

    // 9.17e-5 rather than 9.17E-05.
    private static string Short(float value)
    {
        string text = value.ToString("G3", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        int exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{text[..e]}e{exponent}");
    }

    private static void Label(ScottPlot.Plot plot, string text, double x, double y, Color color, Alignment alignment)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontColor = color;
        label.LabelFontSize = 13;
        label.LabelBold = true;
        label.LabelAlignment = alignment;
        label.LabelOffsetY = alignment is Alignment.LowerLeft or Alignment.LowerRight ? -4 : 0;
        label.LabelOffsetX = alignment is Alignment.LowerRight or Alignment.MiddleRight ? -6 : 6;
    }

    // Decades as major ticks (labelled 1e-3 ... or 0.01 ... 100), 2..9 times each decade as minor ticks.
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lowDecade, double highDecade)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int decades = (int)(highDecade - lowDecade);
        int every = Math.Max(1, (int)Math.Ceiling(decades / 10.0));
        for (double d = lowDecade - 1; d <= highDecade + 1; d++)
        {
            if (((int)d - (int)lowDecade) % every == 0)
            {
                ticks.AddMajor(d, DecadeLabel(d));
            }

            for (int m = 2; m <= 9 && every == 1; m++)
            {
                ticks.AddMinor(d + Math.Log10(m));
            }
        }

        return ticks;
    }

    private static string DecadeLabel(double exponent)
    {
        int e = (int)exponent;
        return e is >= -3 and <= 3
            ? Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"1e{e}");
    }
}
