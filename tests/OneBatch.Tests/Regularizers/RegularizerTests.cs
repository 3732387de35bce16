using OneBatch.Regularizers;

namespace OneBatch.Tests.Regularizers;

public sealed class RegularizerTests
{
    [Fact]
    public void KerasStringIdentifiersGiveKerasDefaults()
    {
        Assert.Equal(0.01f, Assert.IsType<L1>(Regularizer.Get("l1")).L1Factor);
        Assert.Equal(0.01f, Assert.IsType<L2>(Regularizer.Get("L2")).L2Factor);

        // 'l1_l2' as a string means 0.01 for both (tf.keras's special case, Keras 3's documentation).
        var both = Assert.IsType<L1L2>(Regularizer.Get("l1_l2"));
        Assert.Equal((0.01f, 0.01f), (both.L1Factor, both.L2Factor));
    }

    [Fact]
    public void AStringConvertsImplicitly()
    {
        Regularizer r = "l2";
        Assert.IsType<L2>(r);
    }

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Regularizer.Get("orthogonal_regularizer"));
        Assert.Equal("Unknown regularizer 'orthogonal_regularizer'. Known: l1, l2, l1_l2.", e.Message);
    }
}
