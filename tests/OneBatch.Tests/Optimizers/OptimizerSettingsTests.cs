using OneBatch.Autodiff;
using OneBatch.Optimizers;
using OneBatch.Optimizers.Schedules;
using OneBatch.Tensors;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

/// <summary>The settings every Keras 3 optimizer shares, applied by the base loop (shown on plain SGD, w -= lr g).</summary>
public sealed class OptimizerSettingsTests
{
    [Fact]
    public void ClipNormScalesEachGradientToTheNorm()
    {
        // clipnorm 1, lr 0.1: g1 = [3, 4] has norm 5 -> g * 1 / 5 = [0.6, 0.8]; g2 = [0.3, 0.4] has norm 0.5 <= 1, unchanged.
        var w = Run(new SGD(0.1f) { ClipNorm = 1f }, [0f, 0f], [3f, 4f], [0.3f, 0.4f]);
        Near([-0.06, -0.08], w[0], "t=1");
        Near([-0.09, -0.12], w[1], "t=2");
    }

    [Fact]
    public void GlobalClipNormScalesAllGradientsTogether()
    {
        // global_clipnorm 1, lr 1: g_a = [3], g_b = [4]: global norm 5, scale 1 / 5 -> [0.6], [0.8]
        // (clipnorm 1 would clip each alone, to [1] and [1]).
        var (a, b) = TwoVariables(new SGD(1f) { GlobalClipNorm = 1f });
        Assert.Equal(-0.6f, a, 1e-6f);
        Assert.Equal(-0.8f, b, 1e-6f);
        (a, b) = TwoVariables(new SGD(1f) { ClipNorm = 1f });
        Assert.Equal((-1f, -1f), (a, b));
    }

    [Fact]
    public void ClipValueClipsEachElement()
    {
        // clipvalue 0.5, lr 1: g = [2, -0.1, -3] -> [0.5, -0.1, -0.5].
        Near([-0.5, 0.1, 0.5], Run(new SGD(1f) { ClipValue = 0.5f }, [0f, 0f, 0f], [2f, -0.1f, -3f])[0]);
    }

    [Fact]
    public void ClippingLeavesTheCallersGradientAlone()
    {
        var g = Tensor.FromArray([3f, 4f], 2);
        new SGD(0.1f) { ClipNorm = 1f }.ApplyGradients([g], [new Variable(Tensor.Zeros(2), "w")]);
        Assert.Equal([3f, 4f], g.ToArray());
    }

    [Fact]
    public void WeightDecayShrinksTheWeightBeforeTheUpdate()
    {
        // weight_decay 0.5, lr 0.1: t=1: w = 2 - 2 * 0.5 * 0.1 = 1.9, then 1.9 - 0.1 * 1 = 1.8; t=2 (g = 0): w = 1.8 * 0.95 = 1.71.
        var w = Run(new SGD(0.1f) { WeightDecay = 0.5f }, [2f], [1f], [0f]);
        Near([1.8], w[0], "t=1");
        Near([1.71], w[1], "t=2");
    }

    [Fact]
    public void WeightDecaySkipsAVariableWithoutGradient()
    {
        var a = new Variable(Tensor.FromArray([2f], 1), "a");
        var b = new Variable(Tensor.FromArray([2f], 1), "b");
        new SGD(0.1f) { WeightDecay = 0.5f }.ApplyGradients([null, Tensor.FromArray([0f], 1)], [a, b]);
        Assert.Equal(2f, a.Value.Span[0]);
        Assert.Equal(1.9f, b.Value.Span[0], 1e-6f);
    }

    [Fact]
    public void Keras2DecayDividesTheRateByOnePlusDecayTimesTheStep()
    {
        // decay 1, lr 0.1, g = 1: rates 0.1 / (1 + 0), 0.1 / 2, 0.1 / 3 -> w = -0.1, -0.15, -0.15 - 0.1 / 3.
        var sgd = new SGD(0.1f) { Decay = 1f };
        var w = Run(sgd, [0f], [1f], [1f], [1f]);
        Near([-0.1], w[0]);
        Near([-0.15], w[1]);
        Near([-0.15 - (0.1 / 3)], w[2]);
        Assert.Equal(0.1f, sgd.LearningRate);
        Assert.Equal(0.025f, sgd.CurrentLearningRate, 1e-7f);
    }

    [Fact]
    public void AScheduleIsEvaluatedAtTheZeroBasedStep()
    {
        // ExponentialDecay(0.1, 1, 0.5): rates 0.1, 0.05, 0.025 at steps 0, 1, 2; g = 1 -> w = -0.1, -0.15, -0.175.
        var sgd = new SGD { Schedule = new ExponentialDecay(0.1f, 1, 0.5f) };
        var w = Run(sgd, [0f], [1f], [1f], [1f]);
        Near([-0.1], w[0]);
        Near([-0.15], w[1]);
        Near([-0.175], w[2]);
        Assert.Equal(0.1f, sgd.LearningRate);
        Assert.Equal(0.0125f, sgd.CurrentLearningRate, 1e-7f);
    }

    [Fact]
    public void SettingTheRateScalesTheSchedule()
    {
        var sgd = new SGD { Schedule = new ExponentialDecay(0.1f, 1, 0.5f) };
        sgd.LearningRate = 0.4f;
        Assert.Equal(0.4f, sgd.LearningRate);
        Assert.Equal(0.2f, sgd.LearningRateAt(1), 1e-7f);
    }

    [Fact]
    public void OnlyOneClipSetting()
    {
        Assert.Throws<ArgumentException>(() => new SGD { ClipNorm = 1f, GlobalClipNorm = 1f });
        Assert.Throws<ArgumentException>(() => new SGD { ClipValue = 1f, ClipNorm = 1f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD { ClipNorm = -1f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD { ClipValue = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD { WeightDecay = -0.1f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD { Decay = -1f });
    }

    [Fact]
    public void GetConfigListsTheSharedSettingsInKerasOrder()
    {
        var config = new Adam(0.01f) { ClipValue = 0.5f, WeightDecay = 0.1f, Decay = 0.01f }.GetConfig();
        Assert.Equal(
            ["name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "decay", "beta_1", "beta_2", "epsilon", "amsgrad"],
            config.Select(p => p.Key));
        Assert.Equal("adam", config[0].Value);
        Assert.Equal(0.01f, config[1].Value);
        Assert.Equal(0.1f, config[2].Value);
        Assert.Null(config[3].Value);
        Assert.Equal(0.5f, config[5].Value);
    }

    [Fact]
    public void GetConfigGivesAScheduleAsItsClassAndConfig()
    {
        var lr = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(
            new SGD { Schedule = new InverseTimeDecay(0.1f, 10, 0.5f) }.GetConfig()[1].Value);
        Assert.Equal("InverseTimeDecay", lr[0].Value);
        var inner = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(lr[1].Value);
        Assert.Equal(["initial_learning_rate", "decay_steps", "decay_rate", "staircase"], inner.Select(p => p.Key));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("adamax")]
    [InlineData("nadam")]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    [InlineData("adadelta")]
    [InlineData("lion")]
    [InlineData("ftrl")]
    public void CreateFreshKeepsEverySettingAtTheNewRate(string name)
    {
        var used = Optimizer.Get(name, 0.01f);
        Run(used, [1f], [1f]);
        var fresh = used.CreateFresh(0.5f)!;
        Assert.IsType(used.GetType(), fresh);
        Assert.Equal(0.5f, fresh.LearningRate);
        Assert.Equal(0, fresh.Iterations);
        Assert.Empty(fresh.Variables);
        Assert.Equal(Without(used.GetConfig(), "learning_rate"), Without(fresh.GetConfig(), "learning_rate"));
    }

    [Fact]
    public void CreateFreshKeepsTheSharedSettingsAndScalesTheSchedule()
    {
        var rms = new RMSprop(momentum: 0.5f, centered: true) { ClipNorm = 2f, WeightDecay = 0.01f, Decay = 0.1f, Schedule = new ExponentialDecay(0.1f, 10, 0.5f) };
        var fresh = (RMSprop)rms.CreateFresh(0.2f)!;
        Assert.Equal((2f, 0.01f, 0.1f, 0.5f, true), (fresh.ClipNorm, fresh.WeightDecay, fresh.Decay, fresh.Momentum, fresh.Centered));
        var schedule = Assert.IsType<ExponentialDecay>(fresh.Schedule);
        Assert.Equal((0.2f, 10L, 0.5f), (schedule.InitialLearningRate, schedule.DecaySteps, schedule.DecayRate));
        Assert.Equal(0.2f, fresh.LearningRate);
        Assert.True(rms.HasSameSettings(rms.CreateFresh(0.1f)!));
        Assert.False(rms.HasSameSettings(fresh));
    }

    [Fact]
    public void HasSameSettingsComparesKindAndConfig()
    {
        Assert.True(new Adam().HasSameSettings(new Adam()));
        Assert.False(new Adam().HasSameSettings(new Adam(amsgrad: true)));
        Assert.False(new Adam().HasSameSettings(new Adam { ClipNorm = 1f }));
        Assert.False(new Adam().HasSameSettings(new AdamW(weightDecay: 0f)));
    }

    private static (float A, float B) TwoVariables(Optimizer optimizer)
    {
        var a = new Variable(Tensor.Zeros(1), "a");
        var b = new Variable(Tensor.Zeros(1), "b");
        optimizer.ApplyGradients([Tensor.FromArray([3f], 1), Tensor.FromArray([4f], 1)], [a, b]);
        return (a.Value.Span[0], b.Value.Span[0]);
    }

    private static string[] Without(IReadOnlyList<KeyValuePair<string, object?>> config, string key) =>
        config.Where(p => p.Key != key).Select(p => $"{p.Key}={p.Value}").ToArray();
}
