using OneBatch.Check.Sweep;

namespace OneBatch.Tests.Check;

public sealed class SweepGridTests
{
    [Fact]
    public void TheDefaultLogGridHasSevenRatesFromExactly1eMinus5ToExactly1()
    {
        var rates = SweepGrid.Parse(SweepGrid.Default);
        Assert.Equal(7, rates.Count);
        Assert.Equal(1e-5f, rates[0]);
        Assert.Equal(1f, rates[^1]);
        for (int i = 1; i < rates.Count; i++)
        {
            // Evenly spaced in log10: 5 decades over 6 steps.
            Assert.Equal(5.0 / 6, Math.Log10(rates[i]) - Math.Log10(rates[i - 1]), 5);
        }
    }

    [Fact]
    public void ALogGridOfWholeDecadesHitsEachDecade()
    {
        Assert.Equal([1e-4f, 1e-3f, 1e-2f, 1e-1f], SweepGrid.Parse("1e-4:0.1:4").Select(r => (float)Math.Round(r, 6)));
    }

    [Fact]
    public void ACommaListIsReadCultureInvariantAndSorted()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        try
        {
            // A culture with a decimal comma (the process runs in invariant-globalization mode, so it is made by hand).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            Thread.CurrentThread.CurrentCulture = comma;
            Assert.Equal([0.001f, 0.01f, 0.5f], SweepGrid.Parse(" 0.01, 1e-3,0.5"));
            Assert.Equal([0.3f], SweepGrid.Parse("0.3"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("1e-5:1", "neither LOW:HIGH:COUNT")]
    [InlineData("1e-5:1:7:2", "neither LOW:HIGH:COUNT")]
    [InlineData("0:1:7", "the LOW end of the grid must be a positive number; got '0'")]
    [InlineData("1e-5:abc:7", "the HIGH end of the grid must be a positive number; got 'abc'")]
    [InlineData("1:1e-5:7", "must be above its LOW end")]
    [InlineData("1e-5:1:1", "COUNT of '1e-5:1:1' must be a whole number from 2 to 1000")]
    [InlineData("1e-5:1:2.5", "must be a whole number")]
    [InlineData("1e-5:1:100000", "must be a whole number")]
    [InlineData("0.1,-0.2", "every rate must be a positive number; got '-0.2'")]
    [InlineData("0.1,,0.2", "one is empty")]
    [InlineData("0.1,NaN", "got 'NaN'")]
    [InlineData("0.1,0.1", "listed twice")]
    [InlineData("", "one is empty")]
    public void ABadGridSaysWhatIsWrongInOneSentence(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SweepGrid.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.EndsWith(".", e.Message);
    }

    [Fact]
    public void OptimizersAreAnyRegistryNameOrSgdMomentum()
    {
        var chosen = SweepOptimizer.Parse("adam, SGD,sgd-momentum,nadam");
        Assert.Equal(["adam", "sgd", "sgd-momentum", "nadam"], chosen.Select(o => o.Name));
        var momentum = chosen[2].Create(0.05f);
        Assert.Equal(0.05f, momentum.LearningRate);
        Assert.Equal(0.9f, (float)momentum.GetConfig().First(p => p.Key == "momentum").Value!);
        Assert.Equal(0f, (float)chosen[1].Create(0.05f).GetConfig().First(p => p.Key == "momentum").Value!);
        Assert.Equal(["adam", "sgd", "rmsprop", "sgd-momentum"], SweepOptimizer.DefaultNames);
    }

    [Theory]
    [InlineData("adam,bogus", "unknown optimizer 'bogus'; choose from adam,")]
    [InlineData("adam,,sgd", "has an empty name")]
    [InlineData("adam,Adam", "'adam' is listed twice")]
    public void BadOptimizersSayWhatIsWrong(string list, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SweepOptimizer.Parse(list));
        Assert.Contains(expected, e.Message);
    }
}
