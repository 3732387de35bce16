using OneBatch.Autodiff;
using OneBatch.Constraints;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Constraints;

public sealed class ConstraintTests
{
    [Theory]
    [InlineData("max_norm", typeof(MaxNorm))]
    [InlineData("MaxNorm", typeof(MaxNorm))]
    [InlineData("maxnorm", typeof(MaxNorm))] // Keras 1's string
    [InlineData("non_neg", typeof(NonNeg))]
    [InlineData("nonneg", typeof(NonNeg))]
    [InlineData("unit_norm", typeof(UnitNorm))]
    [InlineData("min_max_norm", typeof(MinMaxNorm))]
    public void KerasIdentifiersName(string name, Type type) => Assert.IsType(type, Constraint.Get(name));

    [Fact]
    public void AStringConvertsImplicitly()
    {
        Constraint c = "non_neg";
        Assert.IsType<NonNeg>(c);
    }

    [Fact]
    public void TheOptimizerProjectsAVariableRightAfterUpdatingIt()
    {
        // SGD lr 1: w = (3, 4) - (-3, -4) = (6, 8), norm 10, then MaxNorm(2) over the whole vector: (1.2, 1.6).
        var w = new Variable(Tensor.FromArray([3f, 4f], 2), "w") { Constraint = new MaxNorm(2f) };
        new SGD(1f).ApplyGradients([Tensor.FromArray([-3f, -4f], 2)], [w]);
        Projected.Near([1.2f, 1.6f], w.Value.ToArray());
    }

    [Fact]
    public void AVariableWithoutAGradientIsNeitherUpdatedNorProjected()
    {
        // Keras filters out empty gradients before applying the constraints.
        var w = new Variable(Tensor.FromArray([3f, 4f], 2), "w") { Constraint = new MaxNorm(2f) };
        new SGD(1f).ApplyGradients([null], [w]);
        Assert.Equal([3f, 4f], w.Value.ToArray());
    }
}
