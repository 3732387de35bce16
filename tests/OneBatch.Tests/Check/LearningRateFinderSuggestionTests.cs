using OneBatch.Check;

namespace OneBatch.Tests.Check;

/// <summary>fastai's suggestion rules on loss curves made by hand.</summary>
public sealed class LearningRateFinderSuggestionTests
{
    // Rates 10^-6 .. 10^3 (one per decade), so ln(rate[i+1]) - ln(rate[i]) = ln 10 everywhere.
    private static readonly float[] Rates = Enumerable.Range(0, 10).Select(i => MathF.Pow(10f, i - 6)).ToArray();

    [Fact]
    public void ValleyIsAboutHalfwayIntoTheLongestDecreasingRun()
    {
        // Flat start, a bump (a short fall then rise), then a fall over indexes 3..8, then up.
        //   index:  0    1    2    3    4    5    6    7    8    9
        float[] losses = [5.0f, 5.0f, 6.0f, 4.0f, 3.5f, 3.0f, 2.0f, 1.5f, 1.0f, 9.0f];

        // The longest strictly decreasing subsequence: 6 > 4 > 3.5 > 3 > 2 > 1.5 > 1 (or 5 > 4 > ...), 7 points, ending
        // first at index 8. fastai's start = 8 - 7 = 1; sections = (8 - 1) / 3 = 2.33; the point 1 + 2 + 1 = 4 in.
        var s = LearningRateSuggester.Valley(Rates, losses);
        Assert.Equal("valley", s.Name);
        Assert.Equal(4, s.Step);
        Assert.Equal(Rates[4], s.LearningRate);
        Assert.Equal(3.5f, s.SmoothedLoss);
    }

    [Fact]
    public void ValleyOfACurveFallingFromItsFirstPointStaysOnTheCurve()
    {
        // All 10 decreasing: lds[9] = 10, fastai's start 9 - 10 = -1 is clamped to 0; sections 3; 0 + 3 + 1 = 4.
        float[] losses = [10f, 9f, 8f, 7f, 6f, 5f, 4f, 3f, 2f, 1f];
        Assert.Equal(4, LearningRateSuggester.Valley(Rates, losses).Step);
    }

    [Fact]
    public void SteepestIsTheLeftPointOfTheSteepestFallAgainstLogRate()
    {
        // Falls between points: 0.1, 0.5, 2.0 (the steepest, from index 2 to 3), 0.2, then rises.
        float[] losses = [4.0f, 3.9f, 3.4f, 1.4f, 1.2f, 1.3f, 1.5f, 2.0f, 3.0f, 5.0f];
        var s = LearningRateSuggester.Steepest(Rates, losses);
        Assert.Equal("steepest", s.Name);
        Assert.Equal(2, s.Step);
        Assert.Equal(1e-4f, s.LearningRate);
    }

    [Fact]
    public void SteepestWeighsTheFallByTheStepInLogRate()
    {
        // A fall of 1 over one decade (slope -1/ln 10) against a fall of 0.5 over a tenth of a decade (-5/ln 10).
        float[] rates = [1e-3f, 1e-2f, 1.2589254e-2f];
        float[] losses = [3f, 2f, 1.5f];
        Assert.Equal(1, LearningRateSuggester.Steepest(rates, losses).Step);
    }

    [Fact]
    public void MinimumTenthIsATenthOfTheRateAtTheLowestLoss()
    {
        float[] losses = [4.0f, 3.0f, 2.0f, 1.0f, 0.5f, 0.7f, 0.5f, 2.0f, 3.0f, 5.0f];
        var s = LearningRateSuggester.MinimumTenth(Rates, losses);
        Assert.Equal("minimum/10", s.Name);
        Assert.Equal(4, s.Step); // the first of the two 0.5s
        Assert.Equal(Rates[4] / 10f, s.LearningRate);
        Assert.Equal(1e-3f, s.LearningRate, 1e-9f);
    }

    [Fact]
    public void SuggestReadsTheWindowFastaiReads()
    {
        // 30 points planned and run: the window is [30 / 10, 30 - 5) = [3, 25). A dip at index 1 (outside it) and a
        // lower one at index 27 (outside it) are ignored; inside, the minimum is at index 20.
        var rates = Enumerable.Range(0, 30).Select(i => 1e-6f * MathF.Pow(1.5f, i)).ToArray();
        var losses = Enumerable.Range(0, 30).Select(i => 10f - (i * 0.3f)).ToArray();
        losses[1] = 0.1f;
        for (int i = 21; i < 30; i++)
        {
            losses[i] = 5f + i;
        }

        losses[27] = 0.01f;
        var suggestions = LearningRateSuggester.Suggest(rates, losses, 30);
        Assert.Equal(["valley", "steepest", "minimum/10"], suggestions.Select(s => s.Name));
        var minimum = suggestions[2];
        Assert.Equal(20, minimum.Step);
        Assert.Equal(rates[20] / 10f, minimum.LearningRate);

        // Steps are indexes into the whole curve, not the window.
        Assert.All(suggestions, s => Assert.InRange(s.Step, 3, 24));
    }

    [Fact]
    public void SuggestEndsTheWindowAtTheFirstNonFiniteLoss()
    {
        var rates = Enumerable.Range(0, 20).Select(i => 1e-6f * MathF.Pow(2f, i)).ToArray();
        var losses = Enumerable.Range(0, 20).Select(i => 20f - i).ToArray();
        losses[8] = float.NaN;
        var suggestions = LearningRateSuggester.Suggest(rates, losses, 100);

        // The window [10, 15) would come after the NaN, so the whole finite curve [0, 8) is read: minimum at 7.
        Assert.Equal(7, suggestions[2].Step);
        Assert.Empty(LearningRateSuggester.Suggest(rates[..1], losses[..1], 100));
    }
}
