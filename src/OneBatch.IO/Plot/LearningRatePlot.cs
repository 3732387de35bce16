using System.Globalization;
using OneBatch.Check;
using ScottPlot;

namespace OneBatch.IO.Plot;

/// <summary>
/// The learning-rate range test as a PNG: the smoothed loss against the rate on a log x axis (the raw loss faint
/// behind it), each suggestion marked by a dashed vertical line at its rate with a dot where it meets the curve, the
/// recommended one drawn bold, and why the test stopped in the title.
/// </summary>
public static class LearningRatePlot
{
    public const int Width = 1000;
    public const int Height = 560;

    private static readonly Color[] SuggestionColors = [Color.FromHex("#1B7F3B"), Color.FromHex("#C05A00"), Color.FromHex("#7B3FA0")];

    public static byte[] Render(LearningRateFinderResult result, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var (logRates, smoothed) = Finite(result.LearningRates, result.SmoothedLosses);
        var (rawRates, raw) = Finite(result.LearningRates, result.Losses);

        var plot = new ScottPlot.Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        string recommended = result.Recommended is { } r ? string.Create(c, $"{r.Name} {Short(r.LearningRate)}") : "no suggestion";
        plot.Title(string.Create(c, $"{title}: lr-find, {result.Optimizer}: {recommended} ({result.Steps} steps, {result.StopCode})"));
        plot.XLabel("learning rate (log scale)");
        plot.YLabel(string.Create(c, $"smoothed {result.Loss}"));

        var rawLine = plot.Add.ScatterLine(rawRates, raw);
        rawLine.Color = Color.FromHex("#1F5FAD").WithAlpha(0.25);
        rawLine.LineWidth = 1;
        rawLine.LegendText = "loss";
        var curve = plot.Add.ScatterLine(logRates, smoothed);
        curve.Color = Color.FromHex("#1F5FAD");
        curve.LineWidth = 2;
        curve.LegendText = "smoothed loss";

        for (int i = 0; i < result.Suggestions.Count; i++)
        {
            var s = result.Suggestions[i];
            bool isRecommended = s.Name == LearningRateSuggester.Recommended;
            var color = SuggestionColors[i % SuggestionColors.Length];
            double x = Math.Log10(s.LearningRate);
            var line = plot.Add.VerticalLine(x);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = isRecommended ? 2f : 1f;
            line.Color = color;
            line.LegendText = string.Create(c, $"{s.Name} {Short(s.LearningRate)}{(isRecommended ? " (recommended)" : string.Empty)}");
            if (Interpolate(logRates, smoothed, x) is double y)
            {
                var dot = plot.Add.Marker(x, y);
                dot.Color = color;
                dot.MarkerSize = isRecommended ? 12 : 8;
            }
        }

        plot.ShowLegend(Alignment.UpperLeft);
        double low = Math.Floor(Math.Log10(result.StartLearningRate));
        double high = Math.Ceiling(Math.Log10(Math.Max(result.EndLearningRate, result.LearningRates.Count > 0 ? result.LearningRates[^1] : result.EndLearningRate)));
        plot.Axes.Bottom.TickGenerator = DecadeTicks(low, high);
        plot.Axes.SetLimitsX(low, high);
        if (smoothed.Length > 0)
        {
            // The smoothed curve decides the height (a raw loss that blew up would flatten it), with some room.
            double min = smoothed.Min();
            double max = smoothed.Max();
            double pad = Math.Max((max - min) * 0.08, Math.Abs(max) * 0.01 + 1e-12);
            plot.Axes.SetLimitsY(min - pad, max + pad);
        }

        return plot.GetImage(Width, Height).GetImageBytes(ImageFormat.Png);
    }

    // The points whose value is finite, the rates as log10.
    private static (double[] X, double[] Y) Finite(IReadOnlyList<float> rates, IReadOnlyList<float> values)
    {
        var x = new List<double>(rates.Count);
        var y = new List<double>(rates.Count);
        for (int i = 0; i < rates.Count; i++)
        {
            if (float.IsFinite(values[i]))
            {
                x.Add(Math.Log10(rates[i]));
                y.Add(values[i]);
            }
        }

        return (x.ToArray(), y.ToArray());
    }

    // The curve's value at x (linear in log rate between its points), or null outside it: minimum/10 may lie left of it.
    private static double? Interpolate(double[] x, double[] y, double at)
    {
        for (int i = 0; i + 1 < x.Length; i++)
        {
            if (at >= x[i] && at <= x[i + 1])
            {
                double t = x[i + 1] == x[i] ? 0 : (at - x[i]) / (x[i + 1] - x[i]);
                return y[i] + (t * (y[i + 1] - y[i]));
            }
        }

        return x.Length > 0 && at == x[^1] ? y[^1] : null;
    }

    private static ScottPlot.TickGenerators.NumericManual DecadeTicks(double low, double high)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (double d = low; d <= high; d++)
        {
            int e = (int)d;
            ticks.AddMajor(d, e is >= -3 and <= 3 ? Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"1e{e}"));
            for (int m = 2; m <= 9 && d < high; m++)
            {
                ticks.AddMinor(d + Math.Log10(m));
            }
        }

        return ticks;
    }

    // 3.16e-4 rather than 3.16E-04.
    private static string Short(float value)
    {
        string text = value.ToString("G3", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..e]}e{int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)}");
    }
}
