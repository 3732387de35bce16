using OneBatch.Autodiff;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Optimizers;

/// <summary>
/// Optimizer steps against the Keras 3 update rules, worked out here in double from the same fixed gradients
/// (the engine computes in float32, hence the tolerance).
/// </summary>
public sealed class OptimizerTests
{
    private static readonly float[] Start = [0.5f, -1.5f, 2f, 0.25f];

    // One fixed gradient per step; the 3rd step reverses signs so that momentum terms matter.
    private static readonly float[][] Gradients =
    [
        [0.1f, -0.2f, 3f, -0.05f],
        [0.3f, 0.1f, -1f, 0f],
        [-0.2f, 0.4f, 2f, 0.5f],
    ];

    [Fact]
    public void AdamFollowsKerasRule()
    {
        // Keras Adam, with t = iterations + 1 (1-based):
        //   alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)
        //   m += (g - m) * (1 - b1);   v += (g^2 - v) * (1 - b2)
        //   w -= alpha * m / (sqrt(v) + eps)        (eps beside the raw sqrt(v))
        const double lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-3;
        var expected = Expected((w, g, state, t) =>
        {
            double alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            state[0] += (g - state[0]) * (1 - b1);
            state[1] += ((g * g) - state[1]) * (1 - b2);
            return w - (alpha * state[0] / (Math.Sqrt(state[1]) + eps));
        });
        AssertSteps(new Adam((float)lr, (float)b1, (float)b2, (float)eps), expected);
    }

    [Fact]
    public void AdamFirstStepMovesEachWeightByAboutTheLearningRate()
    {
        // At t = 1, m = (1 - b1) g and v = (1 - b2) g^2, so alpha m / sqrt(v) = lr * sign(g) (up to eps).
        var v = new Variable(Tensor.FromArray(Start, 4), "w");
        var adam = new Adam(0.1f);
        adam.ApplyGradients([Tensor.FromArray(Gradients[0], 4)], [v]);
        for (int i = 0; i < Start.Length; i++)
        {
            Assert.Equal(Start[i] - (0.1f * MathF.Sign(Gradients[0][i])), v.Value.Span[i], 1e-4f);
        }
    }

    [Fact]
    public void PlainSgd()
    {
        // w -= lr * g
        const double lr = 0.1;
        AssertSteps(new SGD((float)lr), Expected((w, g, _, _) => w - (lr * g)));
    }

    [Fact]
    public void SgdWithMomentum()
    {
        // m = momentum * m - lr * g;  w += m
        const double lr = 0.1, mu = 0.9;
        AssertSteps(new SGD((float)lr, (float)mu), Expected((w, g, s, _) =>
        {
            s[0] = (mu * s[0]) - (lr * g);
            return w + s[0];
        }));
    }

    [Fact]
    public void SgdWithNesterovMomentum()
    {
        // m = momentum * m - lr * g;  w += momentum * m - lr * g
        const double lr = 0.1, mu = 0.9;
        AssertSteps(new SGD((float)lr, (float)mu, nesterov: true), Expected((w, g, s, _) =>
        {
            s[0] = (mu * s[0]) - (lr * g);
            return w + (mu * s[0]) - (lr * g);
        }));
    }

    [Fact]
    public void PlainRmsprop()
    {
        // v = rho * v + (1 - rho) * g^2;  w -= lr * g / sqrt(v + eps)      (eps inside the root)
        const double lr = 0.01, rho = 0.8, eps = 1e-3;
        AssertSteps(new RMSprop((float)lr, (float)rho, epsilon: (float)eps), Expected((w, g, s, _) =>
        {
            s[0] = (rho * s[0]) + ((1 - rho) * g * g);
            return w - (lr * g / Math.Sqrt(s[0] + eps));
        }));
    }

    [Fact]
    public void RmspropWithMomentum()
    {
        // v = rho * v + (1 - rho) * g^2;  m = mu * m + lr * g / sqrt(v + eps);  w -= m
        const double lr = 0.01, rho = 0.8, mu = 0.7, eps = 1e-3;
        AssertSteps(new RMSprop((float)lr, (float)rho, (float)mu, (float)eps), Expected((w, g, s, _) =>
        {
            s[0] = (rho * s[0]) + ((1 - rho) * g * g);
            s[1] = (mu * s[1]) + (lr * g / Math.Sqrt(s[0] + eps));
            return w - s[1];
        }));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    public void ANullGradientLeavesItsVariableAloneAndIterationsCountSteps(string name)
    {
        var optimizer = Optimizer.Get(name, 0.1f);
        var a = new Variable(Tensor.FromArray([1f, 2f], 2), "a");
        var b = new Variable(Tensor.FromArray([3f, 4f], 2), "b");
        Assert.Equal(0, optimizer.Iterations);
        for (int step = 1; step <= 3; step++)
        {
            optimizer.ApplyGradients([null, Tensor.FromArray([1f, -1f], 2)], [a, b]);
            Assert.Equal(step, optimizer.Iterations);
        }

        Assert.Equal([1f, 2f], a.Value.ToArray());
        Assert.True(b.Value.Span[0] < 3f && b.Value.Span[1] > 4f);
    }

    [Fact]
    public void SlotsFollowTheVariableNotItsPosition()
    {
        // Adam keeps m and v per variable: passing the variables in another order must not mix their moments.
        var a1 = new Variable(Tensor.FromArray([1f], 1), "a");
        var b1 = new Variable(Tensor.FromArray([1f], 1), "b");
        var a2 = new Variable(Tensor.FromArray([1f], 1), "a");
        var b2 = new Variable(Tensor.FromArray([1f], 1), "b");
        var ga = Tensor.FromArray([1f], 1);
        var gb = Tensor.FromArray([-3f], 1);
        var first = new Adam(0.1f);
        var second = new Adam(0.1f);
        for (int i = 0; i < 3; i++)
        {
            first.ApplyGradients([ga, gb], [a1, b1]);
            if (i % 2 == 0)
            {
                second.ApplyGradients([ga, gb], [a2, b2]);
            }
            else
            {
                second.ApplyGradients([gb, ga], [b2, a2]);
            }
        }

        Assert.Equal(a1.Value.Span[0], a2.Value.Span[0]);
        Assert.Equal(b1.Value.Span[0], b2.Value.Span[0]);
    }

    [Fact]
    public void MismatchedGradientsThrow()
    {
        var v = new Variable(Tensor.Zeros(2), "v");
        Assert.Throws<ArgumentException>(() => new SGD().ApplyGradients([Tensor.Zeros(3)], [v]));
        Assert.Throws<ArgumentException>(() => new SGD().ApplyGradients([Tensor.Zeros(2), Tensor.Zeros(2)], [v]));
    }

    [Fact]
    public void KerasDefaults()
    {
        var adam = new Adam();
        Assert.Equal(0.001f, adam.LearningRate);
        Assert.Equal(0.9f, adam.Beta1);
        Assert.Equal(0.999f, adam.Beta2);
        Assert.Equal(1e-7f, adam.Epsilon);
        var sgd = new SGD();
        Assert.Equal(0.01f, sgd.LearningRate);
        Assert.Equal(0f, sgd.Momentum);
        Assert.False(sgd.Nesterov);
        var rms = new RMSprop();
        Assert.Equal(0.001f, rms.LearningRate);
        Assert.Equal(0.9f, rms.Rho);
        Assert.Equal(0f, rms.Momentum);
        Assert.Equal(1e-7f, rms.Epsilon);
    }

    [Theory]
    [InlineData("adam", typeof(Adam), 0.001f)]
    [InlineData("Adam", typeof(Adam), 0.001f)]
    [InlineData("sgd", typeof(SGD), 0.01f)]
    [InlineData("SGD", typeof(SGD), 0.01f)]
    [InlineData("rmsprop", typeof(RMSprop), 0.001f)]
    [InlineData("RMSprop", typeof(RMSprop), 0.001f)]
    public void OptimizerByKerasName(string name, Type type, float defaultLearningRate)
    {
        var o = Optimizer.Get(name);
        Assert.IsType(type, o);
        Assert.Equal(defaultLearningRate, o.LearningRate);
        Assert.Equal(name.ToLowerInvariant(), o.Name);
        Assert.Equal(0.25f, Optimizer.Get(name, 0.25f).LearningRate);
    }

    [Fact]
    public void AnUnknownOptimizerNameThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizer.Get("adafactor"));
        Assert.Contains("adafactor", e.Message);
        Assert.Contains("adam", e.Message);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ABadLearningRateThrows(float lr) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(lr));

    /// <summary>The weights after each of the 3 steps, by <paramref name="rule"/>(w, g, per-weight state, t), in double.</summary>
    private static double[][] Expected(Func<double, double, double[], int, double> rule)
    {
        var w = Start.Select(v => (double)v).ToArray();
        var state = Start.Select(_ => new double[2]).ToArray();
        var result = new double[Gradients.Length][];
        for (int t = 1; t <= Gradients.Length; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = rule(w[i], Gradients[t - 1][i], state[i], t);
            }

            result[t - 1] = (double[])w.Clone();
        }

        return result;
    }

    private static void AssertSteps(Optimizer optimizer, double[][] expected)
    {
        var v = new Variable(Tensor.FromArray(Start, 2, 2), "w");
        for (int t = 0; t < expected.Length; t++)
        {
            optimizer.ApplyGradients([Tensor.FromArray(Gradients[t], 2, 2)], [v]);
            Assert.Equal(t + 1, optimizer.Iterations);
            var w = v.Value.ToArray();
            for (int i = 0; i < w.Length; i++)
            {
                Assert.True(
                    Math.Abs(w[i] - expected[t][i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[t][i])),
                    $"step {t + 1}, weight {i}: {w[i]:G9}, expected {expected[t][i]:G9}");
            }
        }
    }
}
