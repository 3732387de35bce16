using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.Check.Diagnostics;

namespace OneBatch.Tests.Check;

/// <summary><see cref="SingleBatchCheck.AssertMemorizes(Model, Tensor, Tensor, Loss, Optimizer, CheckOptions?)"/> and its <see cref="NotMemorizedException"/>.</summary>
public sealed class AssertMemorizesTests
{
    [Fact]
    public void AHealthySeedDemoPassesAndReturnsItsReport()
    {
        var report = SingleBatchCheck.AssertMemorizes(SeedDemos.Regression(), new Adam());

        Assert.True(report.Memorized);
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void TheModelTensorOverloadPassesOnAHealthyModel()
    {
        var demo = SeedDemos.Classification();

        var report = SingleBatchCheck.AssertMemorizes(demo.Model, demo.X, demo.Y, loss: "categorical_crossentropy", optimizer: new Adam(1e-3f));

        Assert.Equal(1f, report.Accuracy);
    }

    [Fact]
    public void ABrokenModelThrowsWithTheVerdictAndEachDiagnosisInTheMessage()
    {
        var e = Assert.Throws<NotMemorizedException>(() => SingleBatchCheck.AssertMemorizes(BrokenModels.ReluOutputNegativeTargets(), new Adam()));

        Assert.False(e.Report.Memorized);
        var lines = e.Message.Split('\n');
        Assert.StartsWith($"NOT MEMORIZED after {e.Report.Steps} steps: loss ", lines[0]);
        Assert.Contains("target ", lines[0]);
        Assert.Contains(e.Report.Diagnoses, d => d.Code == DiagnosisCodes.OutputRangeMismatch);
        foreach (var d in e.Report.Diagnoses)
        {
            Assert.Contains($"  {d.Code}: {d.Message}", lines);
        }
    }

    [Fact]
    public void TheMessageGivesTheAdviceOfATooHighLearningRate()
    {
        var e = Assert.Throws<NotMemorizedException>(() => SingleBatchCheck.AssertMemorizes(SeedDemos.Classification(), new Adam(10f)));

        var lrTooHigh = Assert.Single(e.Report.Diagnoses, d => d.Code == DiagnosisCodes.LrTooHigh);
        Assert.Contains("lower it to", lrTooHigh.Message);
        Assert.Contains($"lr_too_high: {lrTooHigh.Message}", e.Message);
        Assert.Contains("accuracy ", e.Message.Split('\n')[0]);
        Assert.Contains("adam at learning rate 10", e.Message.Split('\n')[0]);
    }

    [Fact]
    public void TheMessageHasTheNotes()
    {
        var random = new RandomGenerator(0);
        var x = random.Uniform(new Shape(8, 3));
        var y = random.Uniform(new Shape(8, 1));
        var model = new Sequential([new Dense(4, activation: "relu", inputShape: [3]), new Dropout(0.5f), new Dense(1)], seed: 0);

        var e = Assert.Throws<NotMemorizedException>(() =>
            SingleBatchCheck.AssertMemorizes(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3 }));

        Assert.StartsWith("NOT MEMORIZED after 3 steps", e.Message);
        Assert.NotEmpty(e.Report.Notes);
        foreach (var note in e.Report.Notes)
        {
            Assert.Contains($"  note: {note}", e.Message.Split('\n'));
        }
    }

    [Fact]
    public void AModelWithSeveralOutputsIsAssertedOnEveryOutput()
    {
        var random = new RandomGenerator(3);
        static Functional Build()
        {
            var image = Keras.Input(shape: [8], name: "image");
            var meta = Keras.Input(shape: [3], name: "meta");
            var h = new Dense(32, activation: "relu").Apply(new Concatenate().Apply(image, meta));
            var price = new Dense(1, name: "price").Apply(h);
            var kind = new Dense(4, activation: "softmax", name: "kind").Apply(h);
            return new Functional([image, meta], [price, kind], seed: 0);
        }

        Tensor[] inputs = [random.Uniform(new Shape(16, 8)), random.Uniform(new Shape(16, 3))];
        var labels = new Tensor(new Shape(16));
        for (int i = 0; i < 16; i++)
        {
            labels.Span[i] = i % 4;
        }

        Tensor[] targets = [random.Uniform(new Shape(16, 1)), labels];
        var loss = new CompiledLoss([new MeanSquaredError(), new SparseCategoricalCrossentropy()], weights: [1f, 0.5f]);

        var report = SingleBatchCheck.AssertMemorizes(Build(), inputs, targets, loss, new Adam(0.01f));
        Assert.All(report.Outputs, o => Assert.True(o.Memorized));

        var e = Assert.Throws<NotMemorizedException>(() =>
            SingleBatchCheck.AssertMemorizes(Build(), inputs, targets, loss, new Adam(0.01f), new CheckOptions { MaxSteps = 2 }));
        Assert.StartsWith("NOT MEMORIZED after 2 steps", e.Message);
    }

    [Fact]
    public void TheReadmeExampleFailsOnTheBrokenModelAndPassesOnTheFixedOne()
    {
        new RegressionModelTests().TheModelMemorizesOneBatch();

        var rng = new RandomGenerator(seed: 0);
        var x = rng.Uniform(new Shape(32, 5));
        var y = rng.Uniform(new Shape(32, 1), min: -1f, max: 1f);
        var e = Assert.Throws<NotMemorizedException>(() =>
            SingleBatchCheck.AssertMemorizes(RegressionModelTests.BuildModel("relu"), x, y, loss: "mse", optimizer: new Adam(1e-3f)));
        Assert.Contains(e.Report.Diagnoses, d => d.Code == DiagnosisCodes.OutputRangeMismatch);
        Assert.Contains("output_range_mismatch: ", e.Message);
    }

    [Fact]
    public void TheReadmeShowsTheExampleFileWordForWord()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "OneBatch.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        string example = File.ReadAllText(Path.Combine(folder.FullName, "tests", "OneBatch.Tests", "Check", "ReadmeAssertionExample.cs")).ReplaceLineEndings("\n");
        string code = example[example.IndexOf("using OneBatch.Check;", StringComparison.Ordinal)..];
        string readme = File.ReadAllText(Path.Combine(folder.FullName, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + code + "```\n", readme);
    }
}
