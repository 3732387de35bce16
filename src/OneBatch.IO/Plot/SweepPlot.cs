using System.Globalization;
using OneBatch.Check.Sweep;
using ScottPlot;

namespace OneBatch.IO.Plot;

/// <summary>
/// A sweep as a PNG, two panels sharing a log learning-rate axis: above, the steps to memorize (log scale) with one
/// line per optimizer through the rates that memorized; below, the final loss (log scale) of every run, one line per
/// optimizer, the runs that did not memorize marked with a cross. A loss that is not finite is left out of the lower
/// panel (the table and the report have it).
/// </summary>
public static class SweepPlot
{
    public const int Width = 1000;
    public const int Height = 760;

    private static readonly string[] Palette = ["#1F5FAD", "#D95F02", "#1B7F3B", "#7B3294", "#B3261E", "#008B8B", "#8C6D31", "#E7298A"];

    public static byte[] Render(SweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // A new Multiplot holds one plot already: it is the upper panel.
        var multi = new Multiplot();
        var steps = multi.GetPlot(0);
        var losses = new ScottPlot.Plot();
        multi.AddPlot(losses);
        foreach (var plot in (ScottPlot.Plot[])[steps, losses])
        {
            plot.FigureBackground.Color = Colors.White;
            plot.DataBackground.Color = Colors.White;
            plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
            plot.XLabel("learning rate (log scale)");
            plot.Axes.Bottom.TickGenerator = LogTicks(result.LearningRates);
        }

        string best = result.Best is { } b
            ? string.Create(CultureInfo.InvariantCulture, $"best: {b.Optimizer} at {Short(b.LearningRate)}, {b.MemorizedAtStep} steps")
            : "no setting memorized the batch";
        steps.Title($"{result.Name}: steps to memorize ({best})");
        steps.YLabel("steps (log scale)");
        losses.Title("final loss (x: not memorized)");
        losses.YLabel("loss (log scale)");

        double minLog = double.PositiveInfinity, maxLog = double.NegativeInfinity;
        for (int o = 0; o < result.Optimizers.Count; o++)
        {
            string name = result.Optimizers[o];
            var color = Color.FromHex(Palette[o % Palette.Length]);
            var runs = result.Runs.Where(r => r.Optimizer == name).OrderBy(r => r.LearningRate).ToArray();

            var memorized = runs.Where(r => r.Memorized).ToArray();
            if (memorized.Length > 0)
            {
                var line = steps.Add.ScatterLine(
                    memorized.Select(r => Math.Log10(r.LearningRate)).ToArray(),
                    memorized.Select(r => Math.Log10(Math.Max(1, r.MemorizedAtStep!.Value))).ToArray(),
                    color);
                line.LegendText = name;
                line.LineWidth = 2;
                line.MarkerSize = 8;
            }

            var finite = runs.Where(r => float.IsFinite(r.FinalLoss) && r.FinalLoss > 0).ToArray();
            if (finite.Length > 0)
            {
                double[] xs = finite.Select(r => Math.Log10(r.LearningRate)).ToArray();
                double[] ys = finite.Select(r => Math.Log10(r.FinalLoss)).ToArray();
                var line = losses.Add.ScatterLine(xs, ys, color);
                line.LegendText = name;
                line.LineWidth = 2;
                line.MarkerSize = 0;
                for (int i = 0; i < finite.Length; i++)
                {
                    var marker = losses.Add.Marker(xs[i], ys[i], finite[i].Memorized ? MarkerShape.FilledCircle : MarkerShape.Cross, 9, color);
                    marker.LegendText = string.Empty;
                }

                minLog = Math.Min(minLog, ys.Min());
                maxLog = Math.Max(maxLog, ys.Max());
            }
        }

        if (result.AnyMemorized)
        {
            steps.ShowLegend(Alignment.UpperRight);
            var counts = result.Runs.Where(r => r.Memorized).Select(r => Math.Max(1, r.MemorizedAtStep!.Value)).ToArray();
            steps.Axes.Left.TickGenerator = DecadeTicks(Math.Floor(Math.Log10(counts.Min())), Math.Ceiling(Math.Log10(Math.Max(counts.Max(), result.MaxSteps))), labelTwoAndFive: true);
            steps.Axes.SetLimitsY(Math.Log10(counts.Min()) - 0.2, Math.Log10(Math.Max(counts.Max(), 10)) + 0.2);
        }
        else
        {
            steps.Add.Annotation("no run memorized the batch", Alignment.MiddleCenter);
        }

        if (double.IsFinite(minLog))
        {
            losses.ShowLegend(Alignment.UpperLeft);
            losses.Axes.Left.TickGenerator = DecadeTicks(Math.Floor(minLog), Math.Ceiling(maxLog));
            losses.Axes.SetLimitsY(minLog - 0.3, maxLog + 0.3);
        }

        double lo = Math.Log10(result.LearningRates[0]), hi = Math.Log10(result.LearningRates[^1]);
        double pad = Math.Max(0.2, (hi - lo) * 0.04);
        steps.Axes.SetLimitsX(lo - pad, hi + pad);
        losses.Axes.SetLimitsX(lo - pad, hi + pad);
        return multi.Render(Width, Height).GetImageBytes(ImageFormat.Png);
    }

    // The grid's rates as ticks (there are few), labelled 1e-5, 0.001, ...
    private static ScottPlot.TickGenerators.NumericManual LogTicks(IReadOnlyList<float> rates)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int every = Math.Max(1, (int)Math.Ceiling(rates.Count / 12.0));
        for (int i = 0; i < rates.Count; i++)
        {
            if (i % every == 0 || i == rates.Count - 1)
            {
                ticks.AddMajor(Math.Log10(rates[i]), Short(rates[i]));
            }
        }

        return ticks;
    }

    // Decades as labelled ticks; within each, 2 and 5 labelled too when asked (a step count spans few decades).
    private static ScottPlot.TickGenerators.NumericManual DecadeTicks(double low, double high, bool labelTwoAndFive = false)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (double d = low - 1; d <= high + 1; d++)
        {
            int e = (int)d;
            ticks.AddMajor(d, e is >= -3 and <= 4 ? Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"1e{e}"));
            for (int m = 2; m <= 9; m++)
            {
                if (labelTwoAndFive && m is (2 or 5) && e >= 0)
                {
                    ticks.AddMajor(d + Math.Log10(m), (m * Math.Pow(10, e)).ToString("0", CultureInfo.InvariantCulture));
                }
                else
                {
                    ticks.AddMinor(d + Math.Log10(m));
                }
            }
        }

        return ticks;
    }

    // 4.64e-4 rather than 0.000464158.
    private static string Short(float value)
    {
        string text = value.ToString(value is >= 1e-3f and < 1e4f ? "G3" : "0.##e0", CultureInfo.InvariantCulture);
        return text;
    }
}
