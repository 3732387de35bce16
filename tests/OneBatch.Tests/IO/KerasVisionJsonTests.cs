using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;
using OneBatch.Tests.Layers;

namespace OneBatch.Tests.IO;

/// <summary>
/// The vision layers (dilated, transposed, depthwise and separable convolutions, 2-D padding, cropping, up-sampling,
/// global max pooling, channels-first data) as each Keras version writes them, in models written for these tests:
/// Keras 3's, tf.keras 2's (with __tuple__ values), TensorFlow.js's camelCase and Keras 1's dialect ("th" ordering,
/// nb_filter, border_mode, subsample, atrous_rate, Deconvolution2D's output_shape), and the settings refused.
/// </summary>
public sealed class KerasVisionJsonTests
{
    // Keras 3 writes no output_padding for Conv2DTranspose (its get_config leaves it out): the default applies.
    private const string VisionKeras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "filters": 4, "kernel_size": [3, 3], "strides": [1, 1],
            "padding": "same", "data_format": "channels_last", "dilation_rate": [2, 2], "groups": 1, "activation": "relu", "use_bias": true,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
            "registered_name": null, "build_config": {"input_shape": [null, 8, 8, 3]}},
          {"module": "keras.layers", "class_name": "DepthwiseConv2D", "config": {"name": "depthwise_conv2d", "trainable": true, "kernel_size": [3, 3], "strides": [1, 1],
            "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "depth_multiplier": 2, "activation": "linear", "use_bias": true,
            "depthwise_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
            "depthwise_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "depthwise_constraint": null, "bias_constraint": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "SeparableConv2D", "config": {"name": "separable_conv2d", "trainable": true, "filters": 6, "kernel_size": [3, 3],
            "strides": [2, 2], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "depth_multiplier": 1, "activation": "relu", "use_bias": true,
            "depthwise_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "pointwise_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
            "depthwise_regularizer": null, "pointwise_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
            "depthwise_constraint": null, "pointwise_constraint": null, "bias_constraint": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Conv2DTranspose", "config": {"name": "conv2d_transpose", "trainable": true, "filters": 4, "kernel_size": [3, 3],
            "strides": [2, 2], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear", "use_bias": true,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null},
          {"module": "keras.layers", "class_name": "ZeroPadding2D", "config": {"name": "zero_padding2d", "trainable": true, "padding": [[1, 0], [0, 1]], "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Cropping2D", "config": {"name": "cropping2d", "trainable": true, "cropping": [[1, 0], [0, 1]], "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "UpSampling2D", "config": {"name": "up_sampling2d", "trainable": true, "size": [2, 2], "data_format": "channels_last", "interpolation": "bilinear"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "trainable": true, "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "GlobalMaxPooling2D", "config": {"name": "global_max_pooling2d", "trainable": true, "data_format": "channels_last", "keepdims": false}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}}, "registered_name": null}
        ]}, "registered_name": null}
        """;

    // tf.keras 2: tuples as {"class_name": "__tuple__", "items": [...]} where Keras 2.13+ writes them, output_padding written.
    private const string VisionKeras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "conv2d_input"}},
          {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32", "batch_input_shape": [null, 8, 8, 3], "filters": 4,
            "kernel_size": {"class_name": "__tuple__", "items": [3, 3]}, "strides": {"class_name": "__tuple__", "items": [1, 1]}, "padding": "same",
            "data_format": "channels_last", "dilation_rate": {"class_name": "__tuple__", "items": [2, 2]}, "groups": 1, "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "DepthwiseConv2D", "config": {"name": "depthwise_conv2d", "trainable": true, "dtype": "float32", "kernel_size": [3, 3], "strides": [1, 1],
            "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": true,
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "bias_regularizer": null, "activity_regularizer": null, "bias_constraint": null,
            "depth_multiplier": 2, "depthwise_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "depthwise_regularizer": null, "depthwise_constraint": null}},
          {"class_name": "SeparableConv2D", "config": {"name": "separable_conv2d", "trainable": true, "dtype": "float32", "filters": 6, "kernel_size": [3, 3],
            "strides": [2, 2], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "bias_regularizer": null, "activity_regularizer": null, "bias_constraint": null, "depth_multiplier": 1,
            "depthwise_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "pointwise_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
            "depthwise_regularizer": null, "pointwise_regularizer": null, "depthwise_constraint": null, "pointwise_constraint": null}},
          {"class_name": "Conv2DTranspose", "config": {"name": "conv2d_transpose", "trainable": true, "dtype": "float32", "filters": 4, "kernel_size": [3, 3],
            "strides": [2, 2], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null,
            "output_padding": {"class_name": "__tuple__", "items": [1, 1]}}},
          {"class_name": "ZeroPadding2D", "config": {"name": "zero_padding2d", "trainable": true, "dtype": "float32",
            "padding": {"class_name": "__tuple__", "items": [{"class_name": "__tuple__", "items": [1, 0]}, {"class_name": "__tuple__", "items": [0, 1]}]}, "data_format": "channels_last"}},
          {"class_name": "Cropping2D", "config": {"name": "cropping2d", "trainable": true, "dtype": "float32",
            "cropping": {"class_name": "__tuple__", "items": [{"class_name": "__tuple__", "items": [1, 0]}, {"class_name": "__tuple__", "items": [0, 1]}]}, "data_format": "channels_last"}},
          {"class_name": "UpSampling2D", "config": {"name": "up_sampling2d", "trainable": true, "dtype": "float32", "size": {"class_name": "__tuple__", "items": [2, 2]},
            "data_format": "channels_last", "interpolation": "bilinear"}},
          {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "trainable": true, "dtype": "float32", "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
          {"class_name": "GlobalMaxPooling2D", "config": {"name": "global_max_pooling2d", "trainable": true, "dtype": "float32", "data_format": "channels_last", "keepdims": false}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    // TensorFlow.js's own model.toJSON(): className and camelCase keys.
    private const string VisionTfjs = """
        {"modelTopology": {"className": "Sequential", "config": {"name": "sequential", "layers": [
          {"className": "Conv2D", "config": {"name": "conv2d", "filters": 4, "kernelSize": [3, 3], "strides": [1, 1], "padding": "same", "dataFormat": "channels_last",
            "dilationRate": [2, 2], "activation": "relu", "useBias": true, "batchInputShape": [null, 8, 8, 3],
            "kernelInitializer": {"className": "GlorotUniform", "config": {"seed": null}}, "biasInitializer": {"className": "Zeros", "config": {}}}},
          {"className": "DepthwiseConv2D", "config": {"name": "depthwise_conv2d", "kernelSize": [3, 3], "strides": [1, 1], "padding": "same", "dataFormat": "channels_last",
            "dilationRate": [1, 1], "depthMultiplier": 2, "activation": "linear", "useBias": true,
            "depthwiseInitializer": {"className": "GlorotUniform", "config": {"seed": null}}, "biasInitializer": {"className": "Zeros", "config": {}}}},
          {"className": "SeparableConv2D", "config": {"name": "separable_conv2d", "filters": 6, "kernelSize": [3, 3], "strides": [2, 2], "padding": "same",
            "dataFormat": "channels_last", "dilationRate": [1, 1], "depthMultiplier": 1, "activation": "relu", "useBias": true,
            "depthwiseInitializer": {"className": "GlorotUniform", "config": {"seed": null}}, "pointwiseInitializer": {"className": "GlorotUniform", "config": {"seed": null}}}},
          {"className": "Conv2DTranspose", "config": {"name": "conv2d_transpose", "filters": 4, "kernelSize": [3, 3], "strides": [2, 2], "padding": "same",
            "dataFormat": "channels_last", "activation": "linear", "useBias": true}},
          {"className": "ZeroPadding2D", "config": {"name": "zero_padding2d", "padding": [[1, 0], [0, 1]], "dataFormat": "channels_last"}},
          {"className": "Cropping2D", "config": {"name": "cropping2d", "cropping": [[1, 0], [0, 1]], "dataFormat": "channels_last"}},
          {"className": "UpSampling2D", "config": {"name": "up_sampling2d", "size": [2, 2], "dataFormat": "channels_last", "interpolation": "bilinear"}},
          {"className": "MaxPooling2D", "config": {"name": "max_pooling2d", "poolSize": [2, 2], "padding": "valid", "strides": [2, 2], "dataFormat": "channels_last"}},
          {"className": "GlobalMaxPooling2D", "config": {"name": "global_max_pooling2d", "dataFormat": "channels_last"}},
          {"className": "Dense", "config": {"name": "dense", "units": 3, "activation": "softmax", "useBias": true}}
        ]}}}
        """;

    public static TheoryData<string> VisionModels => new() { VisionKeras3, VisionKeras2, VisionTfjs };

    [Theory]
    [MemberData(nameof(VisionModels))]
    public void AVisionModelImportsAsTheSameModelInEveryDialectAndTrains(string json)
    {
        var model = KerasModelJson.Parse(json, seed: 7, "vision.json").Model;
        Assert.Equal(
            ["Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose", "ZeroPadding2D", "Cropping2D", "UpSampling2D", "MaxPooling2D", "GlobalMaxPooling2D", "Dense"],
            model.Layers.Select(l => l.ClassName));
        Assert.Equal(
            [new Shape(8, 8, 4), new Shape(8, 8, 8), new Shape(4, 4, 6), new Shape(8, 8, 4), new Shape(9, 9, 4), new Shape(8, 8, 4), new Shape(16, 16, 4),
             new Shape(8, 8, 4), new Shape(4), new Shape(3)],
            model.Layers.Select(l => l.OutputShape!.Value));
        var conv = Assert.IsType<Conv2D>(model.Layers[0]);
        Assert.Equal([2, 2], conv.DilationRate);
        Assert.Equal(2, Assert.IsType<DepthwiseConv2D>(model.Layers[1]).DepthMultiplier);
        Assert.Equal(((1, 0), (0, 1)), Assert.IsType<ZeroPadding2D>(model.Layers[4]).Padding);
        Assert.Equal(((1, 0), (0, 1)), Assert.IsType<Cropping2D>(model.Layers[5]).Cropping);
        Assert.Equal("bilinear", Assert.IsType<UpSampling2D>(model.Layers[6]).Interpolation);
        Assert.Equal(112 + 80 + 126 + 220 + 15, model.CountParams());

        // The same layers built in C# from the same seed have the same weights and give the same outputs.
        var expected = new Sequential(
        [
            new Conv2D(4, [3, 3], padding: "same", dilationRate: [2, 2], activation: "relu", inputShape: [8, 8, 3], name: "conv2d"),
            new DepthwiseConv2D([3, 3], padding: "same", depthMultiplier: 2, name: "depthwise_conv2d"),
            new SeparableConv2D(6, [3, 3], strides: [2, 2], padding: "same", activation: "relu", name: "separable_conv2d"),
            new Conv2DTranspose(4, [3, 3], strides: [2, 2], padding: "same", outputPadding: [1, 1], name: "conv2d_transpose"),
            new ZeroPadding2D(((1, 0), (0, 1)), name: "zero_padding2d"),
            new Cropping2D(((1, 0), (0, 1)), name: "cropping2d"),
            new UpSampling2D(2, "bilinear", name: "up_sampling2d"),
            new MaxPooling2D([2, 2], name: "max_pooling2d"),
            new GlobalMaxPooling2D(name: "global_max_pooling2d"),
            new Dense(3, activation: "softmax", name: "dense"),
        ], seed: 7);
        Assert.Equal(expected.GetWeights(), model.GetWeights());
        var x = GradientChecker.Uniform(3, new Shape(6, 8, 8, 3));
        Assert.Equal(expected.Apply(x).ToArray(), model.Apply(x).ToArray());

        var labels = Tensor.FromArray([0f, 1f, 2f, 1f, 0f, 2f], 6);
        var report = SingleBatchCheck.Run(model, x, labels, new SparseCategoricalCrossentropy(), new Adam(0.01f));
        Assert.Equal(CheckReport.MemorizedVerdict, report.Verdict);
    }

    // Keras 1 with dim_ordering "th": kernels [F, C, KH, KW], Deconvolution2D's output_shape, a padding dict.
    private const string VisionKeras1Th = """
        {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
          {"class_name": "Convolution2D", "config": {"name": "convolution2d_1", "trainable": true, "batch_input_shape": [null, 3, 8, 8], "input_dtype": "float32",
            "nb_filter": 4, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "relu", "border_mode": "same", "subsample": [1, 1],
            "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}},
          {"class_name": "AtrousConvolution2D", "config": {"name": "atrousconvolution2d_1", "trainable": true, "nb_filter": 4, "nb_row": 3, "nb_col": 3,
            "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", "subsample": [1, 1], "atrous_rate": [2, 2], "dim_ordering": "th",
            "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}},
          {"class_name": "Deconvolution2D", "config": {"name": "deconvolution2d_1", "trainable": true, "nb_filter": 2, "nb_row": 3, "nb_col": 3,
            "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", "subsample": [2, 2], "dim_ordering": "th", "output_shape": [null, 2, 9, 9],
            "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}},
          {"class_name": "ZeroPadding2D", "config": {"name": "zeropadding2d_1", "trainable": true, "padding": {"top_pad": 1, "bottom_pad": 0, "left_pad": 0, "right_pad": 1}, "dim_ordering": "th"}},
          {"class_name": "Cropping2D", "config": {"name": "cropping2d_1", "trainable": true, "cropping": [[1, 1], [1, 1]], "dim_ordering": "th"}},
          {"class_name": "UpSampling2D", "config": {"name": "upsampling2d_1", "trainable": true, "size": [2, 2], "dim_ordering": "th"}},
          {"class_name": "MaxPooling2D", "config": {"name": "maxpooling2d_1", "trainable": true, "pool_size": [2, 2], "strides": null, "border_mode": "valid", "dim_ordering": "th"}},
          {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": true}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "output_dim": 3, "init": "glorot_uniform", "activation": "softmax",
            "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": null}}
        ]}
        """;

    [Fact]
    public void Keras1ChannelsFirstModelsImportWithKeras1sKernelLayouts()
    {
        var model = KerasModelJson.Parse(VisionKeras1Th, seed: 3, "k1.json").Model;
        Assert.Equal(
            ["Conv2D", "Conv2D", "Conv2DTranspose", "ZeroPadding2D", "Cropping2D", "UpSampling2D", "MaxPooling2D", "Flatten", "Dense"],
            model.Layers.Select(l => l.ClassName));

        // 3x8x8 -> same 4x8x8 -> atrous valid (span 5) 4x4x4 -> deconvolution to the output_shape 2x9x9 -> padded 2x10x10
        // -> cropped 2x8x8 -> up-sampled 2x16x16 -> pooled 2x8x8 -> 128 -> 3
        Assert.Equal(
            [new Shape(4, 8, 8), new Shape(4, 4, 4), new Shape(2, 9, 9), new Shape(2, 10, 10), new Shape(2, 8, 8), new Shape(2, 16, 16), new Shape(2, 8, 8), new Shape(128), new Shape(3)],
            model.Layers.Select(l => l.OutputShape!.Value));
        var conv = Assert.IsType<Conv2D>(model.Layers[0]);
        Assert.Equal(DataFormat.ChannelsFirst, conv.DataFormat);
        Assert.Equal(new Shape(4, 3, 3, 3), conv.Kernel!.Shape); // Keras 1 "th": [F, C, KH, KW]
        Assert.Equal([2, 2], Assert.IsType<Conv2D>(model.Layers[1]).DilationRate);
        var deconv = Assert.IsType<Conv2DTranspose>(model.Layers[2]);
        Assert.Equal(new Shape(2, 4, 3, 3), deconv.Kernel!.Shape); // Keras 1 "th" Deconvolution2D: [F, C, KH, KW]
        Assert.Equal(((1, 0), (0, 1)), Assert.IsType<ZeroPadding2D>(model.Layers[3]).Padding);
        Assert.Equal(DataFormat.ChannelsFirst, Assert.IsType<MaxPooling2D>(model.Layers[6]).DataFormat);

        // The "th" Convolution2D computes what a channels-last Conv2D computes with its kernel moved to [KH, KW, C, F]
        // (TensorFlow's backend moved it the same way) on the transposed images.
        var x = GradientChecker.Uniform(4, new Shape(2, 8, 8, 3));
        var reference = new Conv2D(4, 3, padding: "same", activation: "relu");
        reference.Build(new Shape(8, 8, 3), new RandomGenerator(0));
        var w = conv.Kernel.Value;
        for (int f = 0; f < 4; f++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        reference.Kernel!.Value[i, j, c, f] = w[f, c, i, j];
                    }
                }
            }
        }

        conv.Bias!.Value.ReadOnlySpan.CopyTo(reference.Bias!.Value.Span);
        NaiveConvolution.AssertClose(Images.ToChannelsFirst(reference.Apply(x)), conv.Apply(Images.ToChannelsFirst(x)), 1e-6);
    }

    [Fact]
    public void Keras1TfDeconvolutionStoresItsKernelInputChannelsFirstAndMeetsItsOutputShape()
    {
        // Keras 1 "tf": W [KH, KW, C, F], transposed to TensorFlow's [KH, KW, F, C] by the backend; "same" with stride
        // 2 to the output_shape 7x7 from 4x4 (TensorFlow: ceil(7 / 2) = 4, padding max(3 * 2 + 3 - 7, 0) = 2, 1 before).
        const string json = """
            {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
              {"class_name": "Deconvolution2D", "config": {"name": "d", "batch_input_shape": [null, 4, 4, 5], "nb_filter": 2, "nb_row": 3, "nb_col": 3,
                "border_mode": "same", "subsample": [2, 2], "dim_ordering": "tf", "output_shape": [null, 7, 7, 2], "bias": false}}
            ]}
            """;
        var model = KerasModelJson.Parse(json, seed: 0, "d.json").Model;
        var deconv = Assert.IsType<Conv2DTranspose>(model.Layers[0]);
        Assert.Equal(new Shape(7, 7, 2), deconv.OutputShape);
        Assert.Equal(new Shape(3, 3, 5, 2), deconv.Kernel!.Shape);

        var x = GradientChecker.Uniform(5, new Shape(1, 4, 4, 5));
        var engine = new Tensor(new Shape(3, 3, 2, 5));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int c = 0; c < 5; c++)
                {
                    for (int f = 0; f < 2; f++)
                    {
                        engine[i, j, f, c] = deconv.Kernel.Value[i, j, c, f];
                    }
                }
            }
        }

        NaiveConvolution.AssertClose(NaiveConvolution.Conv2DTranspose(x, engine, 2, 2, 1, 1, 1, 1, 7, 7), model.Apply(x), 1e-5);
    }

    [Theory]
    [InlineData("Conv2D", "\"filters\": 4, \"kernel_size\": [3, 3], \"groups\": 2", "sets groups = 2, which OneBatch does not support")]
    [InlineData("Conv2D", "\"filters\": 4, \"kernel_size\": [3, 3], \"lora_rank\": 4", "sets lora_rank = 4")]
    [InlineData("Conv2D", "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"dilation_rate\": [2, 2]", "cannot be built: Conv2D cannot combine strides > 1 with dilation_rate > 1")]
    [InlineData("Conv2D", "\"filters\": 4, \"kernel_size\": [3, 3], \"data_format\": \"channels_middle\"", "sets data_format = channels_middle")]
    [InlineData("Convolution2D", "\"nb_filter\": 4, \"nb_row\": 3, \"nb_col\": 3, \"border_mode\": \"full\"", "sets border_mode = full")]
    [InlineData("Convolution2D", "\"nb_filter\": 4, \"nb_row\": 3, \"nb_col\": 3, \"dim_ordering\": \"xy\"", "sets dim_ordering = xy")]
    [InlineData("Conv2DTranspose", "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"output_padding\": [2, 2]", "output_padding must be smaller than the strides")]
    [InlineData("Deconvolution2D", "\"nb_filter\": 2, \"nb_row\": 3, \"nb_col\": 3", "has a output_shape that is not a list of 4 sizes")]
    [InlineData("DepthwiseConv2D", "\"kernel_size\": [3, 3], \"depth_multiplier\": 0", "has a depth_multiplier that is not a positive whole number")]
    [InlineData("SeparableConvolution2D", "\"nb_filter\": 4, \"nb_row\": 3, \"nb_col\": 3, \"dim_ordering\": \"th\"", "sets dim_ordering = th")]
    [InlineData("MaxPooling2D", "\"pool_size\": [2, 2], \"border_mode\": \"full\"", "sets border_mode = full")]
    [InlineData("UpSampling2D", "\"size\": [2, 2], \"interpolation\": \"bicubic\"", "sets interpolation = bicubic")]
    [InlineData("ZeroPadding2D", "\"padding\": [1, 2, 3]", "has a padding that is not a whole number")]
    [InlineData("Cropping2D", "\"cropping\": [[4, 4], [0, 0]]", "larger than the 4 + 4 rows")]
    [InlineData("GlobalMaxPooling2D", "\"data_format\": \"channels_sideways\"", "sets data_format = channels_sideways")]
    public void SettingsOneBatchCannotHonourAreRefusedNamingTheLayerAndKey(string className, string settings, string expected)
    {
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 2], "name": "in"}},
              {"class_name": "{{{className}}}", "config": {"name": "bad", {{{settings}}}}}
            ]}}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, seed: 0, "m.json"));
        Assert.StartsWith("m.json: ", e.Message);
        Assert.Contains($"'bad' ({className})", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ADeconvolutionOutputShapeTheInputCannotReachIsRefused()
    {
        // From 8x8 with a 3x3 kernel, stride 1, "valid": TensorFlow accepts only 10x10 (a valid convolution of it gives 8x8).
        const string json = """
            {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
              {"class_name": "Deconvolution2D", "config": {"name": "bad", "batch_input_shape": [null, 8, 8, 2], "nb_filter": 2, "nb_row": 3, "nb_col": 3,
                "dim_ordering": "tf", "output_shape": [null, 30, 30, 2]}}
            ]}
            """;
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, seed: 0, "m.json"));
        Assert.Contains("'bad'", e.Message);
        Assert.Contains("output_shape [30, 30] fits", e.Message);
    }

    [Fact]
    public void OneNumberAndPairFormsOfPaddingCroppingAndSizeAreRead()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 6, 2], "name": "in"}},
              {"class_name": "ZeroPadding2D", "config": {"name": "a", "padding": 2}},
              {"class_name": "ZeroPadding2D", "config": {"name": "b", "padding": [1, 3]}},
              {"class_name": "ZeroPadding2D", "config": {"name": "c", "padding": [0, 1, 2, 3]}},
              {"class_name": "Cropping2D", "config": {"name": "d", "cropping": 1}},
              {"class_name": "Cropping2D", "config": {"name": "e", "cropping": [[0, 1], 2]}},
              {"class_name": "UpSampling2D", "config": {"name": "f", "size": 3}},
              {"class_name": "GlobalMaxPooling2D", "config": {"name": "g", "keepdims": true}},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "h", "data_format": "channels_first", "keepdims": true}}
            ]}}
            """;
        var model = KerasModelJson.Parse(json, seed: 0, "s").Model;
        Assert.Equal(((2, 2), (2, 2)), ((ZeroPadding2D)model.Layers[0]).Padding);
        Assert.Equal(((1, 1), (3, 3)), ((ZeroPadding2D)model.Layers[1]).Padding);
        Assert.Equal(((0, 1), (2, 3)), ((ZeroPadding2D)model.Layers[2]).Padding);
        Assert.Equal(((1, 1), (1, 1)), ((Cropping2D)model.Layers[3]).Cropping);
        Assert.Equal(((0, 1), (2, 2)), ((Cropping2D)model.Layers[4]).Cropping);
        Assert.Equal((3, 3), ((UpSampling2D)model.Layers[5]).Size);

        // 6x6 -> 10x10 -> 12x16 -> 13x21 -> 11x19 -> 10x15 -> 30x45 -> [1, 1, 2] -> channels first [1, 1, 2] pooled over [1, 2]: [1, 1, 1]
        Assert.Equal(
            [new Shape(10, 10, 2), new Shape(12, 16, 2), new Shape(13, 21, 2), new Shape(11, 19, 2), new Shape(10, 15, 2), new Shape(30, 45, 2), new Shape(1, 1, 2), new Shape(1, 1, 1)],
            model.Layers.Select(l => l.OutputShape!.Value));
    }
}
