using System.Text.Json;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Optimizers;
using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.IO;

public sealed class KerasOptimizersTests
{
    private const string Source = "'model.keras'";

    [Fact]
    public void Keras3Adam()
    {
        var o = Read("""
            {"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.002, "weight_decay": null, "clipnorm": null,
             "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null,
             "gradient_accumulation_steps": null, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-07, "amsgrad": true}, "registered_name": null}
            """, out var given);
        var adam = Assert.IsType<Adam>(o);
        Assert.Equal((0.002f, 0.8f, 0.99f, 1e-7f, true), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        Assert.Null(adam.ClipNorm);
        Assert.Equal(["learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"], given);
    }

    [Fact]
    public void Keras2AdamWithLrAndDecay()
    {
        var o = Read("""{"class_name": "Adam", "config": {"lr": 0.0010000000474974513, "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "decay": 0.01, "epsilon": 1e-07, "amsgrad": false}}""", out var given);
        var adam = Assert.IsType<Adam>(o);
        Assert.Equal((0.001f, 0.9f, 0.999f, 0.01f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Decay));
        Assert.Contains("learning_rate", given);
        Assert.DoesNotContain("lr", given);
    }

    [Fact]
    public void TfKerasSgdWithMomentumAndClipping()
    {
        var sgd = Assert.IsType<SGD>(Read("""{"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05, "decay": 0.0, "momentum": 0.9, "nesterov": true, "clipnorm": 1.0}}"""));
        Assert.Equal((0.05f, 0.9f, true, 1f, 0f), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov, sgd.ClipNorm, sgd.Decay));
    }

    [Theory]
    [InlineData("\"adam\"", typeof(Adam))]
    [InlineData("\"rmsprop\"", typeof(RMSprop))]
    [InlineData("\"Nadam\"", typeof(Nadam))]
    [InlineData("\"adamw\"", typeof(AdamW))]
    public void ABareName(string json, Type type) => Assert.IsType(type, Read(json));

    [Theory]
    [InlineData("SGD", typeof(SGD))]
    [InlineData("sgd", typeof(SGD))]
    [InlineData("RMSprop", typeof(RMSprop))]
    [InlineData("Adamax", typeof(Adamax))]
    [InlineData("Adagrad", typeof(Adagrad))]
    [InlineData("Adadelta", typeof(Adadelta))]
    [InlineData("AdamW", typeof(AdamW))]
    [InlineData("Lion", typeof(Lion))]
    [InlineData("Ftrl", typeof(Ftrl))]
    [InlineData("Custom>Adam", typeof(Adam))]
    public void EveryClassName(string className, Type type) =>
        Assert.IsType(type, Read($$$"""{"class_name": "{{{className}}}", "config": {"learning_rate": 0.01}}"""));

    [Fact]
    public void EachOptimizersOwnSettings()
    {
        var rms = Assert.IsType<RMSprop>(Read("""{"class_name": "RMSprop", "config": {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "epsilon": 1e-6, "centered": true}}"""));
        Assert.Equal((0.8f, 0.5f, 1e-6f, true), (rms.Rho, rms.Momentum, rms.Epsilon, rms.Centered));
        var adamw = Assert.IsType<AdamW>(Read("""{"class_name": "AdamW", "config": {"learning_rate": 0.01, "weight_decay": 0.1}}"""));
        Assert.Equal(0.1f, adamw.WeightDecay);
        var ftrl = Assert.IsType<Ftrl>(Read("""{"class_name": "Ftrl", "config": {"learning_rate": 0.01, "learning_rate_power": -0.25, "l1_regularization_strength": 0.1, "beta": 0.5}}"""));
        Assert.Equal((-0.25f, 0.1f, 0.5f), (ftrl.LearningRatePower, ftrl.L1RegularizationStrength, ftrl.Beta));
        var nadam = Assert.IsType<Nadam>(Read("""{"class_name": "Nadam", "config": {"lr": 0.002, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "schedule_decay": 0.004}}"""));
        Assert.Equal(0.004f, nadam.ScheduleDecay);
        var adagrad = Assert.IsType<Adagrad>(Read("""{"class_name": "Adagrad", "config": {"lr": 0.01, "epsilon": 1e-07, "decay": 0.0}}"""));
        Assert.Equal(0f, adagrad.InitialAccumulatorValue);
        Assert.Equal(0.1f, Assert.IsType<Adagrad>(Read("""{"class_name": "Adagrad", "config": {"learning_rate": 0.01}}""")).InitialAccumulatorValue);
        var wd = Read("""{"class_name": "Adam", "config": {"learning_rate": 0.01, "weight_decay": 0.01, "global_clipnorm": 5.0}}""");
        Assert.Equal((0.01f, 5f), (wd.WeightDecay, wd.GlobalClipNorm));
    }

    [Fact]
    public void TfJsCamelCase()
    {
        var adam = Assert.IsType<Adam>(Read("""{"class_name": "Adam", "config": {"learningRate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}}"""));
        Assert.Equal((0.01f, 0.8f, 0.99f), (adam.LearningRate, adam.Beta1, adam.Beta2));
        var rms = Assert.IsType<RMSprop>(Read("""{"class_name": "RMSProp", "config": {"learningRate": 0.01, "decay": 0.8, "momentum": 0, "epsilon": 1e-6, "centered": false}}"""));
        Assert.Equal((0.8f, 0f), (rms.Rho, rms.Decay));
        var momentum = Assert.IsType<SGD>(Read("""{"class_name": "Momentum", "config": {"learningRate": 0.01, "momentum": 0.9, "useNesterov": true}}"""));
        Assert.Equal((0.9f, true), (momentum.Momentum, momentum.Nesterov));
    }

    [Fact]
    public void Keras3Schedule()
    {
        var o = Read("""
            {"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "SGD", "learning_rate": {"module": "keras.optimizers.schedules",
             "class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1000, "decay_rate": 0.96, "staircase": true, "name": "ExponentialDecay"},
             "registered_name": null}, "momentum": 0.0, "nesterov": false}, "registered_name": null}
            """, out var given);
        var s = Assert.IsType<ExponentialDecay>(o.Schedule);
        Assert.Equal((0.1f, 1000L, 0.96f, true), (s.InitialLearningRate, s.DecaySteps, s.DecayRate, s.Staircase));
        Assert.Equal(0.1f, o.LearningRate);
        Assert.Contains("learning_rate", given);
    }

    [Theory]
    [InlineData("""{"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [10, 20], "values": [0.1, 0.01, 0.001]}}""", typeof(PiecewiseConstantDecay))]
    [InlineData("""{"class_name": "PolynomialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.001, "power": 2.0, "cycle": true}}""", typeof(PolynomialDecay))]
    [InlineData("""{"class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1.0, "decay_rate": 0.5, "staircase": false}}""", typeof(InverseTimeDecay))]
    [InlineData("""{"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.0, "decay_steps": 100, "alpha": 0.1, "warmup_target": 0.01, "warmup_steps": 10}}""", typeof(CosineDecay))]
    [InlineData("""{"class_name": "CosineDecayRestarts", "config": {"initial_learning_rate": 0.1, "first_decay_steps": 100, "t_mul": 2.0, "m_mul": 1.0, "alpha": 0.0}}""", typeof(CosineDecayRestarts))]
    public void TfKerasSchedules(string schedule, Type type) =>
        Assert.IsType(type, Read($$$"""{"class_name": "Adam", "config": {"learning_rate": {{{schedule}}}}}""").Schedule);

    [Fact]
    public void ALossScaleOptimizerIsItsInnerOptimizer() =>
        Assert.IsType<Adamax>(Read("""{"class_name": "LossScaleOptimizer", "config": {"inner_optimizer": {"class_name": "Adamax", "config": {"learning_rate": 0.01}}, "dynamic": true}}"""));

    [Theory]
    [InlineData("\"adafactor\"", "'adafactor' is not one OneBatch has; choose --optimizer from adam")]
    [InlineData("""{"class_name": "Foo", "config": {}}""", "its optimizer Foo is not one OneBatch has; choose --optimizer from adam")]
    [InlineData("""{"class_name": "TFOptimizer", "config": {}}""", "TFOptimizer")]
    [InlineData("""{"class_name": "Adam", "config": {"use_ema": true}}""", "use_ema = true")]
    [InlineData("""{"class_name": "Adam", "config": {"gradient_accumulation_steps": 4}}""", "gradient_accumulation_steps = 4")]
    [InlineData("""{"class_name": "Adam", "config": {"learning_rate": 0.01, "frobnicate": 1}}""", "frobnicate = 1, which OneBatch does not know")]
    [InlineData("""{"class_name": "Adam", "config": {"learning_rate": "fast"}}""", "learning_rate of \"fast\", which is not a number")]
    [InlineData("""{"class_name": "Adam", "config": {"beta_1": 1.5}}""", "its optimizer Adam cannot be used: Adam beta_1 must be in [0, 1); got 1.5.")]
    [InlineData("""{"class_name": "SGD", "config": {"clipnorm": 1.0, "clipvalue": 1.0}}""", "its optimizer SGD cannot be used: Only one of")]
    [InlineData("""{"module": "my_project.optim", "class_name": "Adam", "config": {}}""", "comes from the module 'my_project.optim', not from Keras")]
    [InlineData("""{"class_name": "Adam", "config": {"learning_rate": {"class_name": "WarmUp", "config": {}}}}""", "WarmUp schedule, which OneBatch does not have")]
    [InlineData("""{"class_name": "Adam", "config": {"learning_rate": {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "foo": 1}}}}""", "its learning-rate schedule ExponentialDecay sets foo = 1")]
    [InlineData("""{"class_name": "Adam", "config": {"learning_rate": {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_rate": 0.5}}}}""", "has no decay_steps")]
    public void RefusalsAreOneSentenceNamingTheFileAndTheSetting(string json, string expected)
    {
        var e = Assert.Throws<InputException>(() => Read(json));
        Assert.StartsWith(Source + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain("(Parameter", e.Message);
    }

    [Fact]
    public void FindsTheOptimizerInATrainingConfig()
    {
        using var keras2 = JsonDocument.Parse("""{"loss": "mse", "optimizer_config": {"class_name": "SGD", "config": {"lr": 0.1}}}""");
        Assert.IsType<SGD>(KerasOptimizers.Read(KerasOptimizers.Find(keras2.RootElement)!.Value, Source));
        using var keras3 = JsonDocument.Parse("""{"loss": "mse", "optimizer": "rmsprop"}""");
        Assert.IsType<RMSprop>(KerasOptimizers.Read(KerasOptimizers.Find(keras3.RootElement)!.Value, Source));
        using var none = JsonDocument.Parse("""{"loss": "mse"}""");
        Assert.Null(KerasOptimizers.Find(none.RootElement));
    }

    private static Optimizer Read(string json) => Read(json, out _);

    private static Optimizer Read(string json, out IReadOnlyList<string> given)
    {
        using var doc = JsonDocument.Parse(json);
        return KerasOptimizers.Read(doc.RootElement, Source, out given);
    }
}
