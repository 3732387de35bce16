using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

/// <summary>
/// A training step of a small U-Net (transposed, depthwise, separable and dilated convolutions, zero padding, cropping,
/// both up-samplings, a skip connection, global max pooling, channels-first layers) allocates nothing in steady state.
/// </summary>
public sealed class VisionTrainStepTests
{
    [Theory]
    [InlineData(2, 12)] // small: every kernel on one thread
    [InlineData(8, 32)] // large enough for the convolutions and depthwise passes to be shared among the GEMM team
    public void AUNetStepInSteadyStateAllocatesNothing(int batch, int size)
    {
        var model = UNet(size);
        var x = new RandomGenerator(1).Uniform(new Shape(batch, size, size, 3));
        var y = new RandomGenerator(2).Integers(new Shape(batch), 0, 4);
        var step = new TrainStep(model, x, y, new SparseCategoricalCrossentropy(), new Adam());
        float first = step.Run();
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run(), warmUp: 4);
        float last = step.Run();
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
        Assert.True(last < first, $"loss {first} -> {last}");
    }

    internal static Functional UNet(int size)
    {
        var inputs = Keras.Input(shape: [size, size, 3]);
        var c1 = new Conv2D(16, 3, padding: "same", activation: "relu").Apply(inputs);                              // [s, s, 16]
        var d1 = new DepthwiseConv2D(3, padding: "same", depthMultiplier: 2, activation: "relu").Apply(c1);          // [s, s, 32]
        var p1 = new MaxPooling2D([2, 2]).Apply(d1);                                                                // [s/2, s/2, 32]
        var s1 = new SeparableConv2D(16, 3, padding: "same", dilationRate: 2, activation: "relu").Apply(p1);        // [s/2, s/2, 16]
        var u1 = new Conv2DTranspose(16, 3, strides: 2, padding: "same", outputPadding: 1).Apply(s1);               // [s, s, 16]
        var z = new ZeroPadding2D(((1, 1), (2, 0))).Apply(u1);                                                     // [s + 2, s + 2, 16]
        var cropped = new Cropping2D(((1, 1), (0, 2))).Apply(z);                                                    // [s, s, 16]
        var merged = new Concatenate().Apply(cropped, c1);                                                          // [s, s, 32]
        var first = new Conv2D(8, 1, dataFormat: "channels_first").Apply(new Reshape([32, size, size]).Apply(merged)); // [8, s, s]
        var up = new UpSampling2D(2, dataFormat: "channels_first").Apply(new MaxPooling2D([2, 2], dataFormat: "channels_first").Apply(first));
        var bilinear = new UpSampling2D(2, "bilinear").Apply(new AveragePooling2D([2, 2]).Apply(merged));           // [s, s, 32]
        var pooled = new Concatenate().Apply(new GlobalMaxPooling2D(dataFormat: "channels_first").Apply(up), new GlobalMaxPooling2D().Apply(bilinear));
        return new Functional(inputs, new Dense(4, activation: "softmax").Apply(pooled));
    }
}
