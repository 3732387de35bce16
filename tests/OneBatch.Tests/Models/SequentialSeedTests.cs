using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.Models;

public sealed class SequentialSeedTests
{
    private static Layer[] Layers(int[]? inputShape = null) => [new Dense(4, activation: "relu", inputShape: inputShape), new Dense(2)];

    [Fact]
    public void AModelBuiltOnItsFirstCallDrawsFromItsOwnSeed()
    {
        var declared = new Sequential(Layers([3]), seed: 5);
        var lazy = new Sequential(Layers(), seed: 5);
        lazy.Apply(new Tensor(new Shape(2, 3)));

        Assert.Equal(declared.GetWeights(), lazy.GetWeights());
        Assert.NotEqual(new Sequential(Layers([3]), seed: 6).GetWeights(), declared.GetWeights());
    }

    [Fact]
    public void AGeneratorGivenToBuildIsTheOneUsed()
    {
        var a = new Sequential(Layers(), seed: 1);
        var b = new Sequential(Layers(), seed: 2);
        a.Build(new Shape(3), new RandomGenerator(9));
        b.Build(new Shape(3), new RandomGenerator(9));

        Assert.Equal(a.GetWeights(), b.GetWeights());
    }
}
