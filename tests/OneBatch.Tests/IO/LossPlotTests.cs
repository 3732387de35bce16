using OneBatch.Check;
using OneBatch.IO.Plot;
using OneBatch.Optimizers;

namespace OneBatch.Tests.IO;

public sealed class LossPlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void MemorizedRunDrawsAPng()
    {
        var demo = SeedDemos.Regression(seed: 0);
        var report = SingleBatchCheck.Run(demo, new Adam(0.01f), new CheckOptions { MaxSteps = 400 });
        Assert.True(report.Memorized);
        AssertPng(LossPlot.Render(report, "regression"));
    }

    [Fact]
    public void NonFiniteAndNotMemorizedRunsDrawToo()
    {
        var demo = SeedDemos.Regression(seed: 0);
        var report = SingleBatchCheck.Run(demo, new SGD(1e4f), new CheckOptions { MaxSteps = 50 });
        Assert.False(report.Memorized);
        AssertPng(LossPlot.Render(report, "regression"));
    }

    [Fact]
    public void WriteLeavesOnlyThePng()
    {
        using var dir = new TempFolder();
        var demo = SeedDemos.Classification(seed: 0);
        var report = SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { MaxSteps = 20 });
        LossPlot.Write(report, dir.File("p.png"), "classification");
        Assert.Equal(["p.png"], dir.Files());
        AssertPng(File.ReadAllBytes(dir.File("p.png")));
    }

    private static void AssertPng(byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        Assert.True(png.Length > 10_000, $"a {LossPlot.Width}x{LossPlot.Height} plot with text and a curve is more than a few bytes; got {png.Length}");
    }
}
