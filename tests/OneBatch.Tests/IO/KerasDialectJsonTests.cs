using System.Text;
using System.Text.Json;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>The forms a Keras model JSON takes whatever the version: layout, tuples, a JSON string, the input-shape keys.</summary>
public sealed class KerasDialectJsonTests
{
    // tf.keras 2's to_json(indent=2) of Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Flatten(), Dense(2)]): every
    // tuple written as a __tuple__ object, and dilation_rate's default spread over several lines.
    private const string PrettyKeras2Cnn = """
        {
          "class_name": "Sequential",
          "config": {
            "name": "sequential",
            "layers": [
              {
                "class_name": "InputLayer",
                "config": {
                  "batch_input_shape": {
                    "class_name": "__tuple__",
                    "items": [
                      null,
                      8,
                      8,
                      1
                    ]
                  },
                  "dtype": "float32",
                  "name": "conv2d_input"
                }
              },
              {
                "class_name": "Conv2D",
                "config": {
                  "name": "conv2d",
                  "filters": 4,
                  "kernel_size": {
                    "class_name": "__tuple__",
                    "items": [
                      3,
                      3
                    ]
                  },
                  "strides": {
                    "class_name": "__tuple__",
                    "items": [
                      1,
                      1
                    ]
                  },
                  "padding": "valid",
                  "data_format": "channels_last",
                  "dilation_rate": {
                    "class_name": "__tuple__",
                    "items": [
                      1,
                      1
                    ]
                  },
                  "groups": 1,
                  "activation": "relu",
                  "use_bias": true
                }
              },
              {
                "class_name": "Flatten",
                "config": {
                  "name": "flatten",
                  "data_format": "channels_last"
                }
              },
              {
                "class_name": "Dense",
                "config": {
                  "name": "dense",
                  "units": 2
                }
              }
            ]
          },
          "keras_version": "2.13.1",
          "backend": "tensorflow"
        }
        """;

    [Fact]
    public void APrettyPrintedKeras2ModelWithTuplesLoads()
    {
        var model = KerasModelJson.Parse(PrettyKeras2Cnn, 0, "'m.json'").Model;
        var conv = Assert.IsType<Conv2D>(model.Layers[0]);
        Assert.Equal((3, 3), (conv.KernelSize[0], conv.KernelSize[1]));
        Assert.Equal(new Shape(2), model.OutputShape);
    }

    [Fact]
    public void AValueSpreadOverSeveralLinesIsQuotedOnOneLine()
    {
        string json = PrettyKeras2Cnn.Replace("""
                  "groups": 1,
        """, """
                  "groups": {
                    "class_name": "__tuple__",
                    "items": [
                      2,
                      2
                    ]
                  },
        """, StringComparison.Ordinal);
        Assert.NotEqual(PrettyKeras2Cnn, json);
        var e = Assert.Throws<InputException>(() => KerasModelJson.Parse(json, 0, "'m.json'"));
        Assert.Equal("'m.json': layer 2 'conv2d' (Conv2D) sets groups = [2, 2], which OneBatch does not support.", e.Message);
    }

    [Fact]
    public void AFileHoldingTheModelJsonAsAJsonStringLoads()
    {
        // json.dump(model.to_json(), f): the file is one JSON string whose text is the model JSON.
        string asString = JsonSerializer.Serialize(PrettyKeras2Cnn);
        var file = KerasModelFile.Parse(Encoding.UTF8.GetBytes(asString), "'m.json'");
        Assert.Equal(["conv2d_input"], file.InputNames);
        Assert.Equal(new Shape(2), file.Build().Model.OutputShape);

        // json.dumps of that again, and a .h5's attributes copied out (model_config as JSON text).
        Assert.Equal(new Shape(2), KerasModelFile.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(asString)), "'m.json'").Build().Model.OutputShape);
        string attributes = $$"""{"keras_version": "2.13.1", "model_config": {{asString}}}""";
        Assert.Equal(new Shape(2), KerasModelFile.Parse(Encoding.UTF8.GetBytes(attributes), "'m.json'").Build().Model.OutputShape);
    }

    [Theory]
    [InlineData("\"batch_input_shape\": [null, 3]")]
    [InlineData("\"batch_shape\": [null, 3]")]
    [InlineData("\"build_input_shape\": [null, 3]")]
    [InlineData("\"input_shape\": [3]")]
    [InlineData("\"batch_input_shape\": {\"class_name\": \"__tuple__\", \"items\": [null, 3]}")]
    public void EveryKeyThatDeclaresTheInputShapeIsRead(string key)
    {
        string json = $$$"""{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2, {{{key}}}}}]}}""";
        var file = KerasModelFile.Parse(Encoding.UTF8.GetBytes(json), "'m.json'");
        Assert.Equal([3], file.DeclaredInputShapes[0]!.Select(d => d!.Value));
        Assert.Equal(new Shape(3), file.Build().Model.InputShape);
    }

    [Fact]
    public void TheSequentialsOwnBuildShapeIsRead()
    {
        // Keras 3 and tf.keras 2 record the built shape on the Sequential (config.build_input_shape, build_config.input_shape).
        const string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2}}],
             "build_input_shape": {"class_name": "__tuple__", "items": [null, 4]}}}
            """;
        Assert.Equal(new Shape(4), KerasModelJson.Parse(json, 0, "'m.json'").Model.InputShape);
        const string keras3 = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [{"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}]},
             "build_config": {"input_shape": [null, 5]}}
            """;
        Assert.Equal(new Shape(5), KerasModelJson.Parse(keras3, 0, "'m.json'").Model.InputShape);
    }

    [Fact]
    public void TuplesInAFunctionalModelsWiringAreRead()
    {
        const string json = """
            {"class_name": "Functional", "config": {"name": "f",
              "layers": [
                {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": {"class_name": "__tuple__", "items": [null, 6]}, "name": "in"}, "inbound_nodes": []},
                {"class_name": "Reshape", "name": "r", "config": {"name": "r", "target_shape": {"class_name": "__tuple__", "items": [3, 2]}}, "inbound_nodes": [[["in", 0, 0, {}]]]},
                {"class_name": "Conv1D", "name": "c", "config": {"name": "c", "filters": 2, "kernel_size": {"class_name": "__tuple__", "items": [2]}}, "inbound_nodes": [[["r", 0, 0, {}]]]}
              ],
              "input_layers": [{"class_name": "__tuple__", "items": ["in", 0, 0]}],
              "output_layers": [{"class_name": "__tuple__", "items": ["c", 0, 0]}]}}
            """;
        Assert.Equal(new Shape(2, 2), KerasModelJson.Parse(json, 0, "'m.json'").Model.OutputShape);
    }
}
