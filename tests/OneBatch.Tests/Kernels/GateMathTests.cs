using System.Runtime.Intrinsics;
using OneBatch.Kernels;

namespace OneBatch.Tests.Kernels;

public sealed class GateMathTests
{
    [Fact]
    public void Exp_is_within_two_ulps_of_the_exact_value_and_keeps_nan()
    {
        var x = new List<float>();
        for (float v = -90f; v <= 90f; v += 0.0137f)
        {
            x.Add(v);
        }

        x.AddRange([0f, -0f, 1e-8f, -1e-8f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 87.9f, -85.9f]);
        var vector = VectorExp(x.ToArray());
        for (int i = 0; i < x.Count; i++)
        {
            float v = x[i];
            float e = SimdScalar.Exp(v);
            Assert.Equal(BitConverter.SingleToInt32Bits(e), BitConverter.SingleToInt32Bits(vector[i]));
            if (float.IsNaN(v))
            {
                Assert.True(float.IsNaN(e));
                continue;
            }

            double exact = Math.Exp(Math.Clamp(v, -86.0, 88.0));
            Assert.True(Math.Abs(e - exact) <= 2.5e-7 * exact, $"exp({v}) = {e}, exact {exact}");
        }
    }

    [Theory]
    [InlineData(GateActivation.Sigmoid)]
    [InlineData(GateActivation.Tanh)]
    [InlineData(GateActivation.HardSigmoid)]
    [InlineData(GateActivation.HardSigmoidKeras2)]
    [InlineData(GateActivation.Relu)]
    [InlineData(GateActivation.Linear)]
    public void Activations_follow_their_formulas_and_derivatives_come_from_outputs(GateActivation kind)
    {
        // 37 values: a vector body and a tail, on either path.
        var z = Enumerable.Range(0, 37).Select(i => -9f + (i * 0.5f) + 0.01f).ToArray();
        var a = new float[z.Length];
        GateMath.Apply(kind, z, a);
        var d = new float[z.Length];
        GateMath.Derivative(kind, a, d);
        for (int i = 0; i < z.Length; i++)
        {
            double x = z[i];
            double expected = Formula(kind, x);
            Assert.True(Math.Abs(a[i] - expected) <= 2e-7 + (2e-7 * Math.Abs(expected)), $"{kind}({x}) = {a[i]}, expected {expected}");
            double slope = (Formula(kind, x + 1e-4) - Formula(kind, x - 1e-4)) / 2e-4;
            Assert.True(Math.Abs(d[i] - slope) <= 1e-5 + (1e-4 * Math.Abs(slope)), $"{kind}'({x}) = {d[i]}, expected {slope}");
        }
    }

    [Fact]
    public void Hard_sigmoid_has_the_keras_3_and_the_keras_2_forms()
    {
        var z = new[] { -3.5f, -2.6f, -1f, 0f, 1f, 2.6f, 3.5f };
        var k3 = new float[z.Length];
        var k2 = new float[z.Length];
        GateMath.Apply(GateActivation.HardSigmoid, z, k3);
        GateMath.Apply(GateActivation.HardSigmoidKeras2, z, k2);
        Assert.Equal([0f, 0.06666666f, 1f / 3f, 0.5f, 2f / 3f, 0.93333334f, 1f], k3, (p, q) => Math.Abs(p - q) < 1e-6);
        Assert.Equal([0f, 0f, 0.3f, 0.5f, 0.7f, 1f, 1f], k2, (p, q) => Math.Abs(p - q) < 1e-6);
    }

    [Theory]
    [InlineData(GateActivation.Sigmoid, 4.99f, 5.01f)]
    [InlineData(GateActivation.Tanh, 4.99f, 5.01f)]
    [InlineData(GateActivation.HardSigmoidKeras2, 2.49f, 2.51f)]
    [InlineData(GateActivation.HardSigmoid, 2.99f, 3.01f)]
    public void A_gate_is_saturated_beyond_5_or_on_a_flat_part(GateActivation kind, float inside, float outside)
    {
        var a = new float[4];
        GateMath.Apply(kind, [inside, -inside, outside, -outside], a);
        Assert.False(GateMath.Saturated(kind, a[0]));
        Assert.False(GateMath.Saturated(kind, a[1]));
        Assert.True(GateMath.Saturated(kind, a[2]));
        Assert.True(GateMath.Saturated(kind, a[3]));
        Assert.True(GateMath.Saturates(kind));
        Assert.False(GateMath.Saturates(GateActivation.Relu));
    }

    // Exp on the widest vectors the machine runs (the tail padded with zeros).
    private static float[] VectorExp(float[] x)
    {
        int w = Simd.Use512 ? 16 : 8;
        var padded = new float[(x.Length + w - 1) / w * w];
        x.CopyTo(padded, 0);
        var y = new float[padded.Length];
        for (int i = 0; i < padded.Length; i += w)
        {
            if (Simd.Use512)
            {
                Simd512.Exp(Vector512.Create(padded, i)).CopyTo(y, i);
            }
            else
            {
                Simd256.Exp(Vector256.Create(padded, i)).CopyTo(y, i);
            }
        }

        return y;
    }

    private static double Formula(GateActivation kind, double x) => kind switch
    {
        GateActivation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        GateActivation.Tanh => Math.Tanh(x),
        GateActivation.HardSigmoid => Math.Clamp((x + 3) / 6, 0, 1),
        GateActivation.HardSigmoidKeras2 => Math.Clamp((0.2 * x) + 0.5, 0, 1),
        GateActivation.Relu => Math.Max(x, 0),
        _ => x,
    };
}
