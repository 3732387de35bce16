using OneBatch.Check;
using OneBatch.IO;
using OneBatch.Losses;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Utils;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>
/// A saved model file's compiled optimizer is the one the check trains with, and weights read from a file are not
/// judged as an untrained model's.
/// </summary>
public sealed class FileOptimizerTrainingTests : IDisposable
{
    // Keras 2's model.save('m.h5') of a Dense(2) on 3 inputs, compiled with SGD(lr=0.1) and the MSE.
    private static readonly string Keras2Json = SeedModelJson.Sequential([3], "mean_squared_error", SeedModelJson.Dense("dense", 2, "linear")).Replace(
        """{"class_name": "Adam", "config": {"learning_rate": 0.001}}""",
        """{"class_name": "SGD", "config": {"name": "SGD", "lr": 0.1, "momentum": 0.0, "decay": 0.0, "nesterov": false}}""",
        StringComparison.Ordinal);

    // Keras 3's config.json of the same model, compiled with keras.optimizers.SGD(learning_rate=0.1).
    private const string Keras3Json = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
          "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 2, "activation": "linear", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}},
              "registered_name": null, "build_config": {"input_shape": [null, 3]}}
          ], "build_input_shape": [null, 3]},
          "registered_name": null, "build_config": {"input_shape": [null, 3]},
          "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.1, "weight_decay": null,
              "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null,
              "loss_scale_factor": null, "gradient_accumulation_steps": null, "momentum": 0.0, "nesterov": false}, "registered_name": null},
            "loss": "mean_squared_error", "metrics": null, "loss_weights": null, "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteModel(string format)
    {
        if (format == "h5")
        {
            Assert.Contains("\"SGD\"", Keras2Json, StringComparison.Ordinal);
            return _dir.Write("m.h5", KerasFileWriter.Keras2FullModel(Build(Keras2Json, seed: 1).Model, Keras2Json, KerasFileWriter.VariableStrings));
        }

        var source = Build(Keras3Json, seed: 1);
        return _dir.Write("m.keras", KerasFileWriter.KerasZip(Keras3Json, KerasFileWriter.Keras3Weights(source.Model, source.ClassNames)));
    }

    /// <summary>
    /// One step of the check moves the weights by exactly <c>-0.1 * gradient</c>, the gradient of the MSE of a linear
    /// Dense layer written out by hand: with <c>p = x W + b</c> over N samples and U units, <c>dL/dp = 2 (p - y) / (N U)</c>,
    /// <c>dL/dW = x^T dL/dp</c>, <c>dL/db = sum over samples of dL/dp</c>. Adam's first step (about 0.001 * sign(g)) or
    /// SGD at its default 0.01 would not match.
    /// </summary>
    [Theory]
    [InlineData("h5")]
    [InlineData("keras")]
    public void OneStepOfTheCheckIsTheFilesSgdStep(string format)
    {
        string path = WriteModel(format);
        var (x, y) = WriteBatch(_dir, Keras2Json);
        var loaded = CheckCaseLoader.Load(new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy")), seed: 99);
        var sgd = Assert.IsType<SGD>(loaded.Optimizer);
        Assert.Equal((0.1f, 0f, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        Assert.NotNull(loaded.InitialWeights);

        var w0 = loaded.Model.GetWeights();
        Assert.Equal([6, 2], w0.Select(w => w.Length));
        var report = SingleBatchCheck.Run(loaded, loaded.Optimizer!, new CheckOptions { MaxSteps = 1, EarlyStop = false });
        Assert.Equal(1, report.Steps);
        var w1 = loaded.Model.GetWeights();

        const int N = 8, In = 3, U = 2;
        var xs = x.ToArray();
        var ys = y.ToArray();
        var kernel = w0[0];
        var bias = w0[1];
        var dp = new double[N * U];
        double loss = 0;
        for (int n = 0; n < N; n++)
        {
            for (int u = 0; u < U; u++)
            {
                double p = bias[u];
                for (int i = 0; i < In; i++)
                {
                    p += (double)xs[(n * In) + i] * kernel[(i * U) + u];
                }

                double e = p - ys[(n * U) + u];
                loss += e * e / (N * U);
                dp[(n * U) + u] = 2 * e / (N * U);
            }
        }

        // The check's loss at step 0 is this model's on this batch: the hand computation is of the right thing.
        Assert.Equal(loss, report.InitialLoss, 5);
        for (int i = 0; i < In; i++)
        {
            for (int u = 0; u < U; u++)
            {
                double g = Enumerable.Range(0, N).Sum(n => xs[(n * In) + i] * dp[(n * U) + u]);
                Assert.Equal(kernel[(i * U) + u] - (0.1 * g), w1[0][(i * U) + u], 6);
            }
        }

        for (int u = 0; u < U; u++)
        {
            double g = Enumerable.Range(0, N).Sum(n => dp[(n * U) + u]);
            Assert.Equal(bias[u] - (0.1 * g), w1[1][u], 6);
        }

        // And the step was not a no-op: the weights moved.
        Assert.NotEqual(w0[0], w1[0]);
    }

    [Fact]
    public void WeightsFromAFileGetNoUntrainedLossRemark()
    {
        // A classifier trained to a small loss, saved as a .keras.
        var random = new RandomGenerator(5);
        var x = random.Uniform(new Shape(8, 4));
        var y = Categorical.ToCategorical(random.Integers(new Shape(8), 0, 3), 3);
        OneBatch.IO.Data.NpyWriter.Write(_dir.File("x.npy"), x);
        OneBatch.IO.Data.NpyWriter.Write(_dir.File("y.npy"), y);
        var source = Build(KerasSamples.Keras3, seed: 1);
        var trained = SingleBatchCheck.Run(source.Model, x, y, Loss.Get("categorical_crossentropy", false), new Adam(0.01f), new CheckOptions { MaxSteps = 300 });
        Assert.True(trained.FinalLoss < Math.Log(3) / 4, $"the model did not train: {trained.FinalLoss}");
        string path = _dir.Write("trained.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, KerasFileWriter.Keras3Weights(source.Model, source.ClassNames)));
        var files = new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy"));
        var options = new CheckOptions { MaxSteps = 1, EarlyStop = false };

        var fromFile = CheckCaseLoader.Load(files, seed: 2);
        Assert.NotNull(fromFile.InitialWeights);
        var report = SingleBatchCheck.Run(fromFile, fromFile.Optimizer!, options);

        // The loss at step 0 is far below ln(3), so an untrained model's would be remarked on: this one's is not.
        Assert.True(report.InitialLoss < Math.Log(3) / 2, $"initial loss {report.InitialLoss}");
        Assert.DoesNotContain(report.Notes, n => n.Contains("expected before training", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("The check starts from the weights in", StringComparison.Ordinal));

        // The same model and start, taken for drawn weights, gets the remark.
        var drawn = CheckCaseLoader.Load(files, seed: 2) with { InitialWeights = null };
        var asDrawn = SingleBatchCheck.Run(drawn, drawn.Optimizer!, options);
        Assert.Equal(report.InitialLoss, asDrawn.InitialLoss);
        Assert.Contains(asDrawn.Notes, n => n.Contains("far from ln(3) = 1.099 expected before training", StringComparison.Ordinal));

        // With --fresh-weights the weights are drawn: the loss is an untrained model's again, the remark may be made.
        var fresh = CheckCaseLoader.Load(files with { FreshWeights = true }, seed: 2);
        Assert.Null(fresh.InitialWeights);
        Assert.True(SingleBatchCheck.Run(fresh, fresh.Optimizer!, options).InitialLoss > report.InitialLoss);
    }
}
