using System.Text.Json;
using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.IO;
using OneBatch.Optimizers;

namespace OneBatch.Tests.IO;

public sealed class ReportJsonLayersTests
{
    [Fact]
    public void TheReportCarriesTheLayerTableAndTheDiagnosesEvidence()
    {
        var demo = SeedDemos.Regression();
        var report = SingleBatchCheck.Run(demo, new Adam(10f), new CheckOptions { MaxSteps = 100 });

        using var json = JsonDocument.Parse(ReportJson.ToJson(report));
        var root = json.RootElement;
        var layers = root.GetProperty("layers");
        Assert.Equal(3, layers.GetArrayLength());
        Assert.Equal("dense", layers[0].GetProperty("name").GetString());
        Assert.Equal("Dense", layers[0].GetProperty("kind").GetString());
        Assert.Equal("relu", layers[0].GetProperty("activation").GetString());
        Assert.Equal(384, layers[0].GetProperty("parameters").GetInt32());
        Assert.Equal(report.Layers[0].GradientNormStart!.Value, layers[0].GetProperty("gradientNormStart").GetSingle());
        Assert.Equal(JsonValueKind.Null, layers[2].GetProperty("deadShare").ValueKind);
        Assert.Equal(JsonValueKind.Null, layers[0].GetProperty("saturatedShare").ValueKind);

        var high = root.GetProperty("diagnoses").EnumerateArray().Single(d => d.GetProperty("code").GetString() == DiagnosisCodes.LrTooHigh);
        Assert.True(high.GetProperty("evidence").GetProperty("suggestedLearningRate").GetDouble() < 10);
        Assert.True(root.TryGetProperty("lossCurve", out _));
    }
}
