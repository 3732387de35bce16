namespace OneBatch.Tests.IO;

/// <summary>
/// The same model, Dense 16 relu (4 inputs), Dropout 0.2, Dense 8, Activation tanh, Dense 3 softmax, as each tool
/// writes it: tf.keras 2's and Keras 3's <c>model.to_json()</c>, the TensorFlow.js converter's <c>model.json</c>, and
/// TensorFlow.js's own <c>model.toJSON()</c> (and a camelCase variant).
/// </summary>
public static class KerasSamples
{
    public const string TfKeras2 = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "batch_input_shape": [null, 4], "units": 16, "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "dtype": "float32", "rate": 0.2, "noise_shape": null, "seed": null}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 8, "activation": "linear", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "Activation", "config": {"name": "activation", "trainable": true, "dtype": "float32", "activation": "tanh"}},
          {"class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;

    public const string Keras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "units": 16, "activation": "relu", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
              "registered_name": null, "build_config": {"input_shape": [null, 4]}},
            {"module": "keras.layers", "class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "rate": 0.2, "seed": null, "noise_shape": null}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "units": 8, "activation": "linear", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}},
              "registered_name": null, "build_config": {"input_shape": [null, 16]}},
            {"module": "keras.layers", "class_name": "Activation", "config": {"name": "activation", "trainable": true, "activation": "tanh"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true},
              "registered_name": null, "build_config": {"input_shape": [null, 8]}}
          ], "build_input_shape": [null, 4]},
          "registered_name": null, "build_config": {"input_shape": [null, 4]},
          "compile_config": {"optimizer": "adam", "loss": {"module": "keras.losses", "class_name": "CategoricalCrossentropy",
            "config": {"name": "categorical_crossentropy", "reduction": "sum_over_batch_size", "from_logits": false, "label_smoothing": 0.0, "axis": -1}, "registered_name": null},
            "metrics": ["accuracy"], "loss_weights": null, "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}
        """;

    public const string TfjsConverted = """
        {"format": "layers-model", "generatedBy": "keras v2.15.0", "convertedBy": "TensorFlow.js Converter v4.17.0",
         "modelTopology": {"keras_version": "2.15.0", "backend": "tensorflow",
          "model_config": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
            {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
            {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "batch_input_shape": [null, 4], "units": 16, "activation": "relu", "use_bias": true,
              "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}},
            {"class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "dtype": "float32", "rate": 0.2, "noise_shape": null, "seed": null}},
            {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 8, "activation": "linear", "use_bias": true}},
            {"class_name": "Activation", "config": {"name": "activation", "trainable": true, "dtype": "float32", "activation": "tanh"}},
            {"class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true}}
          ]}},
          "training_config": {"loss": "categorical_crossentropy", "metrics": ["accuracy"], "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}}}},
         "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [{"name": "dense/kernel", "shape": [4, 16], "dtype": "float32"}]}]}
        """;

    public const string TfjsToJson = """
        {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
          {"class_name": "Dense", "config": {"units": 16, "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "normal", "seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
            "kernel_constraint": null, "bias_constraint": null, "name": "dense_Dense1", "trainable": true, "batch_input_shape": [null, 4], "dtype": "float32"}},
          {"class_name": "Dropout", "config": {"rate": 0.2, "noise_shape": null, "seed": null, "name": "dropout_Dropout1", "trainable": true}},
          {"class_name": "Dense", "config": {"units": 8, "activation": "linear", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "name": "dense_Dense2", "trainable": true}},
          {"class_name": "Activation", "config": {"activation": "tanh", "name": "activation_Activation1", "trainable": true}},
          {"class_name": "Dense", "config": {"units": 3, "activation": "softmax", "use_bias": true, "name": "dense_Dense3", "trainable": true}}
        ]}, "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"}
        """;

    public const string TfjsCamelCase = """
        {"modelTopology": {"className": "Sequential", "config": {"name": "sequential_2", "layers": [
          {"className": "Dense", "config": {"units": 16, "activation": "relu", "useBias": true, "batchInputShape": [null, 4],
            "kernelInitializer": {"className": "HeNormal", "config": {"seed": null}}, "name": "d1"}},
          {"className": "Dropout", "config": {"rate": 0.2, "name": "drop"}},
          {"className": "Dense", "config": {"units": 8, "name": "d2"}},
          {"className": "Activation", "config": {"activation": "tanh", "name": "act"}},
          {"className": "Dense", "config": {"units": 3, "activation": "softmax", "name": "d3"}}
        ]}}, "trainingConfig": {"loss": "categoricalCrossentropy"}}
        """;
}
