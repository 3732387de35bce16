using OneBatch.Check;
using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Check.Diagnostics;

/// <summary>Models and batches built the way users make each mistake, on the seed demos' data.</summary>
internal static class BrokenModels
{
    public static CheckReport Run(CheckCase demo, Optimizer optimizer, int maxSteps) =>
        SingleBatchCheck.Run(demo, optimizer, new CheckOptions { MaxSteps = maxSteps });

    public static (Tensor X, Tensor Y) RegressionBatch(int seed = 0)
    {
        var d = SeedDemos.Regression(seed);
        return (d.X, d.Y);
    }

    public static (Tensor X, Tensor Y) ClassificationBatch(int seed = 0)
    {
        var d = SeedDemos.Classification(seed);
        return (d.X, d.Y);
    }

    /// <summary>Dense(3, softmax) into a cross-entropy told its inputs are logits.</summary>
    public static CheckCase SoftmaxIntoLogitsLoss()
    {
        var (x, y) = ClassificationBatch();
        var model = new Sequential([new Dense(64, "relu", inputShape: [10]), new Dense(32, "relu"), new Dense(3, "softmax")]);
        return new CheckCase("softmax-logits", model, x, y, new CategoricalCrossentropy(fromLogits: true));
    }

    /// <summary>A ReLU output layer for targets that are partly negative.</summary>
    public static CheckCase ReluOutputNegativeTargets()
    {
        var (x, y) = RegressionBatch();
        var shifted = new Tensor(y.Shape);
        TensorPrimitives.Subtract(y.ReadOnlySpan, 0.5f, shifted.Span);
        var model = new Sequential([new Dense(64, "relu", inputShape: [5]), new Dense(32, "relu"), new Dense(1, "relu")]);
        return new CheckCase("relu-output", model, x, shifted, new MeanSquaredError());
    }

    /// <summary>Ten sigmoid layers stacked.</summary>
    public static CheckCase DeepSigmoidStack()
    {
        var (x, y) = RegressionBatch();
        var layers = new List<Layer> { new Dense(32, "sigmoid", inputShape: [5]) };
        for (int i = 1; i < 10; i++)
        {
            layers.Add(new Dense(32, "sigmoid"));
        }

        layers.Add(new Dense(1));
        return new CheckCase("deep-sigmoid", new Sequential(layers), x, y, new MeanSquaredError());
    }

    /// <summary>Raw inputs in the thousands into tanh layers.</summary>
    public static CheckCase UnscaledInputsIntoTanh()
    {
        var (x, y) = RegressionBatch();
        var scaled = new Tensor(x.Shape);
        TensorPrimitives.Multiply(x.ReadOnlySpan, 1000f, scaled.Span);
        var model = new Sequential([new Dense(16, "tanh", inputShape: [5]), new Dense(1)]);
        return new CheckCase("unscaled-tanh", model, scaled, y, new MeanSquaredError());
    }

    /// <summary>ReLU layers whose biases start at -10: every unit is off on every sample.</summary>
    public static CheckCase NegativeBiasesBeforeRelu()
    {
        var (x, y) = RegressionBatch();
        var model = new Sequential(
        [
            new Dense(64, "relu", biasInitializer: new Constant(-10f), inputShape: [5]),
            new Dense(32, "relu", biasInitializer: new Constant(-10f)),
            new Dense(1),
        ]);
        return new CheckCase("dead-relu", model, x, y, new MeanSquaredError());
    }

    /// <summary>The second half of the batch repeats the first half's inputs with other labels.</summary>
    public static CheckCase DuplicatedRowsWithOtherLabels()
    {
        var (x, _) = ClassificationBatch();
        var xs = x.Span;
        var labels = new float[32];
        for (int i = 0; i < 16; i++)
        {
            xs.Slice(i * 10, 10).CopyTo(xs.Slice((i + 16) * 10, 10));
            labels[i] = i % 3;
            labels[i + 16] = (i + 1) % 3;
        }

        var y = Categorical.ToCategorical(Tensor.FromArray(labels, 32), 3);
        var model = new Sequential([new Dense(64, "relu", inputShape: [10]), new Dense(32, "relu"), new Dense(3, "softmax")]);
        return new CheckCase("contradictions", model, x, y, new CategoricalCrossentropy());
    }

    /// <summary>The seed's regression model with every layer frozen.</summary>
    public static CheckCase AllFrozen()
    {
        var demo = SeedDemos.Regression();
        foreach (var layer in demo.Model.Layers)
        {
            layer.Trainable = false;
        }

        return demo;
    }

    /// <summary>A first layer with zero weights, frozen: nothing of the input gets through.</summary>
    public static CheckCase FrozenZeroLayer()
    {
        var (x, y) = RegressionBatch();
        var blocked = new Dense(16, kernelInitializer: "zeros", inputShape: [5]) { Trainable = false };
        var model = new Sequential([blocked, new Dense(32, "tanh"), new Dense(1)]);
        return new CheckCase("frozen-zero", model, x, y, new MeanSquaredError());
    }

    /// <summary>Inputs in the hundreds into an exponential activation: the forward pass overflows at once.</summary>
    public static CheckCase ExponentialOfLargeInputs()
    {
        var (x, y) = RegressionBatch();
        var scaled = new Tensor(x.Shape);
        TensorPrimitives.Multiply(x.ReadOnlySpan, 300f, scaled.Span);
        var model = new Sequential([new Dense(16, "relu", inputShape: [5]), new Dense(8, "exponential"), new Dense(1)]);
        return new CheckCase("exp-overflow", model, scaled, y, new MeanSquaredError());
    }

    /// <summary>An optimizer that was handed only the last layer's weights: it skips every other variable.</summary>
    public sealed class OnlyLastLayerOptimizer(Optimizer inner, int skip) : Optimizer(inner.LearningRate, "only_last")
    {
        protected override void UpdateStep(Tensor gradient, OneBatch.Autodiff.Variable variable, int index, float learningRate)
        {
            if (index >= skip)
            {
                var w = variable.Value.Span;
                TensorPrimitives.MultiplyAdd(gradient.ReadOnlySpan, -learningRate, w, w);
            }
        }
    }

    /// <summary>A hand-written optimizer with a bug: it divides the step by the variable's index, which is 0 for the first one.</summary>
    public sealed class DividingOptimizer(float learningRate) : Optimizer(learningRate, "dividing")
    {
        public override Optimizer CreateFresh(float learningRate) => new DividingOptimizer(learningRate);

        protected override void UpdateStep(Tensor gradient, OneBatch.Autodiff.Variable variable, int index, float learningRate)
        {
            var w = variable.Value.Span;
            TensorPrimitives.MultiplyAdd(gradient.ReadOnlySpan, -learningRate / index, w, w);
        }
    }
}
