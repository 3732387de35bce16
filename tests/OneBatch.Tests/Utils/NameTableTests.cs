using OneBatch.Activations;
using OneBatch.Initializers;
using OneBatch.Losses;
using OneBatch.Optimizers;
using OneBatch.Utils;

namespace OneBatch.Tests.Utils;

public sealed class NameTableTests
{
    [Theory]
    [InlineData("mean_squared_error")]
    [InlineData("MeanSquaredError")]
    [InlineData("mse")]
    [InlineData("MSE")]
    public void AKerasNameMatchesInAnyCaseWithOrWithoutUnderscores(string name) =>
        Assert.IsType<MeanSquaredError>(Loss.Get(name));

    [Fact]
    public void AnUnknownNameIsAnErrorListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizer.Get("adafactor"));
        Assert.Equal("Unknown optimizer 'adafactor'. Known: adam, adamw, adamax, nadam, sgd, rmsprop, adagrad, adadelta, lion, ftrl.", e.Message);
    }

    [Fact]
    public void EachRegistryDescribesItsNamesForHelpTexts()
    {
        Assert.Equal(
            "mse | mae | categorical_crossentropy | sparse_categorical_crossentropy | binary_crossentropy | huber | log_cosh | kl_divergence | poisson | hinge | squared_hinge | categorical_hinge | mean_absolute_percentage_error | mean_squared_logarithmic_error",
            Loss.Registry.Describe());
        Assert.Contains("he_normal", Initializer.Registry.Names);
        Assert.Equal(ActivationFunction.Registry.Names.Count, ActivationFunction.Registry.Names.Distinct().Count());
        foreach (string name in ActivationFunction.Registry.Names)
        {
            Assert.Equal(name, ActivationFunction.Get(name).Name);
        }
    }

    [Fact]
    public void AnameListedTwiceIsABugCaughtAtOnce()
    {
        var table = new NameTable<int>("thing").Add("one", 1);
        Assert.Throws<InvalidOperationException>(() => table.Add("One", 2));
    }
}
