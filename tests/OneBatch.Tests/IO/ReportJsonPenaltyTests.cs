using System.Text.Json;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.Optimizers;
using OneBatch.Tests.Check;

namespace OneBatch.Tests.IO;

public sealed class ReportJsonPenaltyTests
{
    [Fact]
    public void TheReportWritesTheDataLossAndPenaltyBesideTheTotal()
    {
        var report = SingleBatchCheck.Run(RegularizedCheckTests.Classifier(1e-3f), new Adam(0.01f), new CheckOptions { MaxSteps = 10 });
        using var json = JsonDocument.Parse(ReportJson.ToJson(report));
        var root = json.RootElement;
        float total = root.GetProperty("finalLoss").GetSingle();
        float data = root.GetProperty("finalDataLoss").GetSingle();
        float penalty = root.GetProperty("finalPenalty").GetSingle();
        Assert.True(penalty > 0f);
        Assert.Equal(data + penalty, total, 1e-5f);
        Assert.Equal(root.GetProperty("initialLoss").GetSingle(), root.GetProperty("initialDataLoss").GetSingle() + root.GetProperty("initialPenalty").GetSingle(), 1e-5f);
        Assert.Equal(data, root.GetProperty("outputs")[0].GetProperty("finalLoss").GetSingle());
    }
}
