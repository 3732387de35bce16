using OneBatch.Activations;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Activations;

/// <summary>The activations with flat tails: hard_sigmoid in Keras 3's and Keras 2's definitions, softsign.</summary>
public sealed class SquashingActivationTests
{
    [Fact]
    public void HardSigmoidInBothKerasDefinitions()
    {
        // Keras 3: 0 below -3, 1 above 3, x / 6 + 0.5 between. Keras 2 and TF.js: 0 below -2.5, 1 above 2.5, 0.2 x + 0.5 between.
        float[] x = [-4f, -3f, -2.5f, -1f, 0f, 1.5f, 2.5f, 3f, 4f];
        var keras3 = ActivationFunction.HardSigmoid.Apply(Tensor.FromArray(x, x.Length)).ToArray();
        var keras2 = ActivationFunction.HardSigmoidKeras2.Apply(Tensor.FromArray(x, x.Length)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(ActivationMath.HardSigmoid(x[i]), keras3[i], 1e-6);
            Assert.Equal(ActivationMath.HardSigmoidKeras2(x[i]), keras2[i], 1e-6);
        }

        // tf.keras 2's docstring: hard_sigmoid([-3, -1, 0, 1, 3]) = [0, 0.3, 0.5, 0.7, 1].
        var doc = ActivationFunction.HardSigmoidKeras2.Apply(Tensor.FromArray([-3f, -1f, 0f, 1f, 3f], 5)).ToArray();
        Assert.Equal([0f, 0.3f, 0.5f, 0.7f, 1f], doc.Select(v => MathF.Round(v, 6)).ToArray());
    }

    [Fact]
    public void SoftsignValues()
    {
        var y = ActivationFunction.Get("softsign").Apply(Tensor.FromArray([-1f, 0f, 1f, 9f], 4)).ToArray();
        Assert.Equal([-0.5f, 0f, 0.5f, 0.9f], y);
    }

    [Theory]
    [InlineData("hard_sigmoid")]
    [InlineData("hard_sigmoid_keras2")]
    public void HardSigmoidGradientsAwayFromTheCorners(string name)
    {
        var x = Tensor.FromArray([-5f, -3.2f, -2.8f, -2.3f, -1f, 0.2f, 1.9f, 2.3f, 2.7f, 3.3f, 6f], 11);
        var f = ActivationFunction.Get(name);
        AssertGradients(t => f.Apply(t[0]), [x]);
    }
}
