using OneBatch.Constraints;
using OneBatch.Tensors;

namespace OneBatch.Tests.Constraints;

/// <summary>What a constraint makes of some values.</summary>
internal static class Projected
{
    public static float[] By(Constraint constraint, float[] values, params int[] shape)
    {
        var copy = (float[])values.Clone();
        constraint.Apply(copy, new Shape(shape));
        return copy;
    }

    public static void Near(float[] expected, float[] actual, float tolerance = 1e-6f) =>
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) <= tolerance);
}
