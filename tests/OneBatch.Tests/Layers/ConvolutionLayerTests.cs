using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class ConvolutionLayerTests
{
    [Fact]
    public void TheSeedCnnInfersKerasShapesAndParameterCounts()
    {
        var model = new Sequential(
        [
            new Conv2D(32, [3, 3], activation: "relu", inputShape: [32, 32, 3]),
            new MaxPooling2D([2, 2]),
            new Conv2D(64, [3, 3], activation: "relu"),
            new MaxPooling2D([2, 2]),
            new Flatten(),
            new Dense(128, activation: "relu"),
            new Dense(2, activation: "softmax"),
        ]);

        Shape[] expected = [new(30, 30, 32), new(15, 15, 32), new(13, 13, 64), new(6, 6, 64), new(2304), new(128), new(2)];
        Assert.Equal(expected, model.Layers.Select(l => l.OutputShape!.Value));
        Assert.Equal([896, 0, 18496, 0, 0, 295040, 258], model.Layers.Select(l => l.CountParams()));
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense", "dense_1"], model.Layers.Select(l => l.Name));
        Assert.Equal(new Shape(3, 3, 3, 32), ((Conv2D)model.Layers[0]).Kernel!.Shape);
    }

    [Theory]
    [InlineData(7, 3, 1, "valid", 5)]
    [InlineData(7, 3, 1, "same", 7)]
    [InlineData(7, 3, 2, "valid", 3)]
    [InlineData(7, 3, 2, "same", 4)]
    [InlineData(8, 2, 2, "same", 4)]
    public void Conv2DOutputShapeFollowsKeras(int size, int kernel, int stride, string padding, int expected)
    {
        var layer = new Conv2D(5, kernel, strides: stride, padding: padding);
        Assert.Equal(new Shape(expected, expected, 5), layer.ComputeOutputShape(new Shape(size, size, 2)));
    }

    [Fact]
    public void ShapesThatDoNotFitAreClearErrors()
    {
        var small = Assert.Throws<ArgumentException>(() => new Conv2D(4, 3).ComputeOutputShape(new Shape(2, 2, 1)));
        Assert.Contains("3x3 kernel", small.Message);
        Assert.Contains("[2, 2, 1]", small.Message);

        var flat = Assert.Throws<ArgumentException>(() => new Conv2D(4, 3).ComputeOutputShape(new Shape(10)));
        Assert.Contains("rank 3", flat.Message);

        var pool = Assert.Throws<ArgumentException>(() => new MaxPooling2D([3, 3]).ComputeOutputShape(new Shape(2, 2, 1)));
        Assert.Contains("3x3 pool", pool.Message);

        var inModel = Assert.Throws<ArgumentException>(() => new Sequential([new Dense(4, inputShape: [5]), new Conv2D(2, 3)]));
        Assert.Contains("Layer 2 of the model", inModel.Message);

        Assert.Throws<ArgumentException>(() => new Conv2D(4, [3, 3, 3]));
        Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, padding: "full"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(0, 3));
    }

    [Fact]
    public void PoolingDefaultsToStridesEqualToThePoolSize()
    {
        var pool = new MaxPooling2D([3, 2]);
        Assert.Equal([3, 2], pool.Strides);
        Assert.Equal([2, 2], new AveragePooling2D().PoolSize);
        Assert.Equal(new Shape(3, 4, 6), pool.ComputeOutputShape(new Shape(9, 9, 6)));
        Assert.Equal(new Shape(4, 5, 6), new AveragePooling2D([2, 2], padding: "same").ComputeOutputShape(new Shape(7, 9, 6)));
    }

    [Theory]
    [InlineData(1, "valid")]
    [InlineData(2, "same")]
    [InlineData(2, "valid")]
    public void Conv2DLayerGradientsMatchCentralDifferences(int stride, string padding)
    {
        var layer = new Conv2D(3, [3, 2], strides: [stride, stride], padding: padding, biasInitializer: new OneBatch.Initializers.RandomUniform());
        var x = new RandomGenerator(20).Uniform(new Shape(2, 5, 6, 2), -1f, 1f);
        layer.Apply(x);

        ConvGradientCheck.Assert(() => layer.Apply(x), [x, layer.Kernel!.Value, layer.Bias!.Value]);
    }

    [Fact]
    public void FlattenIsAViewAndGlobalAveragePoolingAveragesEachChannel()
    {
        var x = new RandomGenerator(21).Uniform(new Shape(2, 3, 4, 5));
        var flat = new Flatten().Apply(x);
        Assert.Equal(new Shape(2, 60), flat.Shape);
        Assert.Same(x.Buffer, flat.Buffer);

        var gap = new GlobalAveragePooling2D().Apply(x);
        Assert.Equal(new Shape(2, 5), gap.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 5; c++)
            {
                double mean = Enumerable.Range(0, 12).Average(p => x.ReadOnlySpan[(n * 60) + (p * 5) + c]);
                Assert.Equal(mean, gap[n, c], 1e-5);
            }
        }

        ConvGradientCheck.Assert(() => new GlobalAveragePooling2D().Apply(x), [x]);
    }

    [Fact]
    public void BatchNormalizationTakesTheLastAxisByKerasIndexOnly()
    {
        // Keras counts the batch axis: for images [N, H, W, C] the channel axis is 3 (or -1).
        var rgb = new Shape(4, 4, 3);
        Assert.Equal(rgb, new BatchNormalization(axis: 3).ComputeOutputShape(rgb));
        Assert.Equal(rgb, new BatchNormalization(axis: -1).ComputeOutputShape(rgb));
        var e = Assert.Throws<ArgumentException>(() => new BatchNormalization(axis: 2).ComputeOutputShape(rgb));
        Assert.Contains("axis is 2", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(axis: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(axis: -2));
    }

    [Fact]
    public void BatchNormalizationKeepsMovingStatisticsAsNonTrainableWeights()
    {
        var bn = new BatchNormalization();
        var x = new RandomGenerator(22).Uniform(new Shape(6, 3), 2f, 4f);
        bn.Build(new Shape(3), new RandomGenerator(0));
        Assert.Equal(["batch_normalization/gamma", "batch_normalization/beta"], bn.TrainableWeights.Select(w => w.Name));
        Assert.Equal(["batch_normalization/moving_mean", "batch_normalization/moving_variance"], bn.NonTrainableWeights.Select(w => w.Name));

        // Inference with fresh moving statistics (mean 0, variance 1) is nearly the identity.
        var inference = bn.Apply(x);
        Assert.Equal(x[0, 0] / MathF.Sqrt(1.001f), inference[0, 0], 1e-5);
        Assert.Equal(0f, bn.MovingMean!.Value[0]);

        // Training normalizes with the batch and moves the moving mean 1% of the way to the batch mean.
        var training = bn.Apply(x, training: true);
        double batchMean = Enumerable.Range(0, 6).Average(r => x[r, 0]);
        Assert.Equal(0.01 * batchMean, bn.MovingMean.Value[0], 1e-5);
        Assert.Equal(0, Enumerable.Range(0, 6).Average(r => training[r, 0]), 1e-5);

        // The check's mode: training: false, but batch statistics.
        bn.UseBatchStatisticsInInference = true;
        var checkMode = bn.Apply(x, training: false);
        Assert.Equal(training.ToArray(), checkMode.ToArray());
    }

    [Fact]
    public void BatchNormalizationLayerGradientsMatchCentralDifferencesInTraining()
    {
        var bn = new BatchNormalization(gammaInitializer: new OneBatch.Initializers.RandomUniform(0.5f, 1.5f), betaInitializer: new OneBatch.Initializers.RandomUniform());
        var x = new RandomGenerator(23).Uniform(new Shape(4, 3, 2), -1f, 2f);
        bn.Apply(x, training: true);

        ConvGradientCheck.Assert(() => bn.Apply(x, training: true), [x, bn.Gamma!.Value, bn.Beta!.Value], h: 1e-3f);
    }
}
