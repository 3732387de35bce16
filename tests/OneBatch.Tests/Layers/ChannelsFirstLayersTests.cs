using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

/// <summary>The pooling, global pooling and Flatten layers on channels-first data equal the channels-last ones on the transposed data.</summary>
public sealed class ChannelsFirstLayersTests
{
    [Fact]
    public void PoolingLayersPoolTheTransposedImages()
    {
        var x = GradientChecker.Uniform(9, new Shape(2, 5, 6, 3));
        var xFirst = Images.ToChannelsFirst(x);
        NaiveConvolution.AssertClose(
            Images.ToChannelsFirst(new MaxPooling2D([2, 2], padding: "same").Apply(x)),
            new MaxPooling2D([2, 2], padding: "same", dataFormat: "channels_first").Apply(xFirst), 0);
        NaiveConvolution.AssertClose(
            Images.ToChannelsFirst(new AveragePooling2D([3, 2], [1, 2]).Apply(x)),
            new AveragePooling2D([3, 2], [1, 2], dataFormat: "channels_first").Apply(xFirst), 1e-6);
        Assert.Equal(new Shape(3, 3, 3), new MaxPooling2D(dataFormat: "channels_first").ComputeOutputShape(new Shape(3, 6, 7)));
        Assert.Equal(new GlobalAveragePooling2D().Apply(x).ToArray(), new GlobalAveragePooling2D(dataFormat: "channels_first").Apply(xFirst).ToArray());
        Assert.Equal(new Shape(3, 1, 1), new GlobalAveragePooling2D(keepDims: true, dataFormat: "channels_first").ComputeOutputShape(new Shape(3, 5, 6)));
        var distinct = Naive.Distinct(xFirst.Shape); // values 1 apart: the finite differences never move a max
        ConvGradientCheck.Assert(() => new MaxPooling2D([2, 2], dataFormat: "channels_first").Apply(distinct), [distinct]);
    }

    [Fact]
    public void FlattenOfChannelsFirstDataGivesTheChannelsLastOrderAsKerasDoes()
    {
        // Keras's Flatten moves the channels last before flattening, so a Dense after it sees the same features in
        // the same order whichever the layout.
        var x = GradientChecker.Uniform(10, new Shape(2, 3, 4, 5));
        var flat = new Flatten(dataFormat: "channels_first").Apply(Images.ToChannelsFirst(x));
        Assert.Equal(new Shape(2, 60), flat.Shape);
        Assert.Equal(new Flatten().Apply(x).ToArray(), flat.ToArray());
        Assert.Equal(new Shape(60), new Flatten(dataFormat: "channels_first").ComputeOutputShape(new Shape(5, 3, 4)));
        Assert.Throws<ArgumentException>(() => new Flatten(dataFormat: "channels_sideways"));
    }

    [Fact]
    public void BatchNormalizationOverAxisOneNormalizesTheChannelsOfChannelsFirstImages()
    {
        var x = GradientChecker.Uniform(11, new Shape(4, 3, 2, 5), -1f, 3f);
        var last = new BatchNormalization();
        var first = new BatchNormalization(axis: 1);
        var y = last.Apply(x, training: true);
        var xFirst = Images.ToChannelsFirst(x);
        var yFirst = first.Apply(xFirst, training: true);
        Assert.Equal(new Shape(5), first.Gamma!.Shape);
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(y), yFirst, 1e-5);
        Assert.Equal(last.MovingMean!.Value.ToArray(), first.MovingMean!.Value.ToArray());
        ConvGradientCheck.Assert(() => first.Apply(xFirst, training: true), [xFirst, first.Gamma.Value], h: 1e-3f);
    }
}
