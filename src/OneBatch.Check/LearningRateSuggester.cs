namespace OneBatch.Check;

/// <summary>
/// fastai's suggestion rules (<c>fastai.callback.schedule</c>: <c>valley</c>, <c>steep</c>, <c>minimum</c>), read from
/// the smoothed loss against the rate. As fastai's <c>lr_find</c>, they look only at a window of the curve: the first
/// tenth of the planned steps is left out (the smoothed loss there is still mostly the initial loss) and so are the last
/// 5 points (where the loss turns up and the test stops), and the window ends before the first non-finite loss.
/// <c>valley</c> is the one recommended (fastai's default).
/// </summary>
public static class LearningRateSuggester
{
    /// <summary>Points left out at the end of the curve (fastai's <c>[num_it//10:-5]</c>).</summary>
    public const int SkipEnd = 5;

    /// <summary>The name of the recommended rule.</summary>
    public const string Recommended = LearningRateSuggestion.Valley;

    /// <summary>
    /// The three suggestions (valley, steepest, minimum/10) from the curve of <paramref name="rates"/> and
    /// <paramref name="smoothed"/> losses of a test planned for <paramref name="numSteps"/> steps; none when fewer than
    /// 2 finite points remain. When the window would hold fewer than 2 points (a test stopped early), the whole finite
    /// curve is read instead.
    /// </summary>
    public static IReadOnlyList<LearningRateSuggestion> Suggest(IReadOnlyList<float> rates, IReadOnlyList<float> smoothed, int numSteps)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(smoothed);
        if (rates.Count != smoothed.Count)
        {
            throw new ArgumentException($"Got {rates.Count} rates and {smoothed.Count} losses.");
        }

        int finite = 0;
        while (finite < smoothed.Count && float.IsFinite(smoothed[finite]))
        {
            finite++;
        }

        int first = numSteps / 10;
        int end = Math.Min(smoothed.Count - SkipEnd, finite);
        if (end - first < 2)
        {
            (first, end) = (0, finite);
        }

        if (end - first < 2)
        {
            return [];
        }

        var r = rates.Skip(first).Take(end - first).ToArray();
        var l = smoothed.Skip(first).Take(end - first).ToArray();
        return [Shift(Valley(r, l), first), Shift(Steepest(r, l), first), Shift(MinimumTenth(r, l), first)];
    }

    /// <summary>
    /// fastai's <c>valley</c>: the longest valley is the longest strictly decreasing subsequence of the losses (found in
    /// O(n^2): <c>lds[i]</c> is the length of the longest one ending at i); it ends at the first point where that length
    /// is greatest, <c>end</c>, and starts <c>lds[end]</c> points before it. The suggestion is the rate
    /// <c>floor(len / 3) + floor(len / 6)</c> points into it, len = end - start: about halfway down, past the flat start,
    /// short of the bottom where the loss is about to turn up.
    /// </summary>
    public static LearningRateSuggestion Valley(IReadOnlyList<float> rates, IReadOnlyList<float> smoothed)
    {
        int n = Check(rates, smoothed);
        var lds = new int[n];
        int end = 0;
        for (int i = 0; i < n; i++)
        {
            lds[i] = 1;
            for (int j = 0; j < i; j++)
            {
                if (smoothed[i] < smoothed[j] && lds[j] + 1 > lds[i])
                {
                    lds[i] = lds[j] + 1;
                }
            }

            if (lds[i] > lds[end])
            {
                end = i;
            }
        }

        // fastai's start is end - lds[end], one before the valley's first point when the valley is the whole prefix
        // (index -1); the clamp keeps it on the curve.
        int start = Math.Max(0, end - lds[end]);
        double sections = (end - start) / 3.0;
        int at = start + (int)sections + (int)(sections / 2);
        return new LearningRateSuggestion(LearningRateSuggestion.Valley, rates[at], at, smoothed[at]);
    }

    /// <summary>
    /// fastai's <c>steep</c>: the point where the smoothed loss falls fastest against log rate, the i minimizing
    /// <c>(loss[i+1] - loss[i]) / (ln rate[i+1] - ln rate[i])</c>, suggesting rate[i].
    /// </summary>
    public static LearningRateSuggestion Steepest(IReadOnlyList<float> rates, IReadOnlyList<float> smoothed)
    {
        int n = Check(rates, smoothed);
        int at = 0;
        double steepest = double.PositiveInfinity;
        for (int i = 0; i + 1 < n; i++)
        {
            double slope = (smoothed[i + 1] - (double)smoothed[i]) / (Math.Log(rates[i + 1]) - Math.Log(rates[i]));
            if (slope < steepest)
            {
                steepest = slope;
                at = i;
            }
        }

        return new LearningRateSuggestion(LearningRateSuggestion.Steepest, rates[at], at, smoothed[at]);
    }

    /// <summary>fastai's <c>minimum</c>: a tenth of the rate at the lowest smoothed loss (the first, on a tie).</summary>
    public static LearningRateSuggestion MinimumTenth(IReadOnlyList<float> rates, IReadOnlyList<float> smoothed)
    {
        int n = Check(rates, smoothed);
        int at = 0;
        for (int i = 1; i < n; i++)
        {
            if (smoothed[i] < smoothed[at])
            {
                at = i;
            }
        }

        return new LearningRateSuggestion(LearningRateSuggestion.MinimumTenth, rates[at] / 10f, at, smoothed[at]);
    }

    private static LearningRateSuggestion Shift(LearningRateSuggestion s, int first) => s with { Step = s.Step + first };

    private static int Check(IReadOnlyList<float> rates, IReadOnlyList<float> smoothed)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(smoothed);
        if (rates.Count != smoothed.Count || rates.Count < 2)
        {
            throw new ArgumentException($"A suggestion needs at least 2 points and as many rates as losses; got {rates.Count} rates and {smoothed.Count} losses.");
        }

        return rates.Count;
    }
}
