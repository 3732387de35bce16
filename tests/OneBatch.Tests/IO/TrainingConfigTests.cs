using System.Text;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Losses;

namespace OneBatch.Tests.IO;

/// <summary>The loss settings a model file's training config (Keras 2) or compile config (Keras 3) gives.</summary>
public sealed class TrainingConfigTests
{
    [Fact]
    public void Keras2SerializedLossKeepsItsSettings()
    {
        var spec = Single("""
            "training_config": {"loss": {"class_name": "CategoricalCrossentropy", "config": {"reduction": "auto", "name": "categorical_crossentropy", "from_logits": true, "label_smoothing": 0.1}}}
            """);
        Assert.Equal(new LossSpec("CategoricalCrossentropy", true, 0.1f), spec);
        var loss = Assert.IsType<CategoricalCrossentropy>(Loss.Get(spec.Name, spec.Settings()));
        Assert.True(loss.FromLogits);
        Assert.Equal(0.1f, loss.LabelSmoothing);
        Assert.Equal(LossReduction.SumOverBatchSize, loss.Reduction);
    }

    [Fact]
    public void Keras3SerializedLossKeepsItsSettings()
    {
        var spec = Single("""
            "compile_config": {"loss": {"module": "keras.losses", "class_name": "Huber", "config": {"name": "huber_loss", "reduction": "sum", "delta": 2.0}, "registered_name": null}}
            """);
        Assert.Equal(new LossSpec("Huber", false, null, 2f, LossReduction.Sum), spec);
        var loss = Assert.IsType<Huber>(Loss.Get(spec.Name, spec.Settings()));
        Assert.Equal(2f, loss.Delta);
        Assert.Equal(LossReduction.Sum, loss.Reduction);
    }

    [Theory]
    [InlineData("""{"module": "builtins", "class_name": "function", "config": "mse", "registered_name": "function"}""", "mse")]
    [InlineData("\"logcosh\"", "logcosh")]
    [InlineData("""{"module": "keras.losses", "class_name": "KLDivergence", "config": {"name": "kl_divergence", "reduction": "sum_over_batch_size"}}""", "KLDivergence")]
    [InlineData("""{"module": "keras.losses", "class_name": "MeanSquaredError", "config": {"name": "mean_squared_error", "reduction": "mean"}}""", "MeanSquaredError")]
    [InlineData("""{"class_name": "BinaryCrossentropy", "config": {"from_logits": false, "label_smoothing": 0.0, "axis": -1, "reduction": "sum_over_batch_size"}}""", "BinaryCrossentropy")]
    public void DefaultSettingsGiveThePlainLoss(string loss, string name)
    {
        var spec = Single($$"""
            "compile_config": {"loss": {{loss}}}
            """);
        Assert.Equal(new LossSpec(name, false), spec);
        Loss.Get(spec.Name, spec.Settings());
    }

    [Theory]
    [InlineData("""{"reduction": "none"}""", "'m.json': the loss MeanSquaredError sets reduction = \"none\", which OneBatch does not apply (it trains on one number per batch: sum_over_batch_size, its aliases mean and auto, or sum).")]
    [InlineData("""{"reduction": null}""", "'m.json': the loss MeanSquaredError sets reduction = null, which OneBatch does not apply (it trains on one number per batch: sum_over_batch_size, its aliases mean and auto, or sum).")]
    [InlineData("""{"axis": 1}""", "'m.json': the loss MeanSquaredError sets axis = 1, which OneBatch does not apply (it takes every loss over the last axis, Keras's default -1).")]
    [InlineData("""{"label_smoothing": 1.5}""", "'m.json': the loss MeanSquaredError sets label_smoothing = 1.5, which is not a number in [0, 1].")]
    [InlineData("""{"delta": -1}""", "'m.json': the loss MeanSquaredError sets delta = -1, which is not a number > 0.")]
    [InlineData("""{"ignore_class": 0}""", "'m.json': the loss MeanSquaredError sets ignore_class = 0, which OneBatch does not apply.")]
    public void ASettingOneBatchDoesNotApplyIsOneSentenceNamingTheFile(string config, string message)
    {
        var e = Assert.Throws<InputException>(() => Single($$$"""
            "compile_config": {"loss": {"class_name": "MeanSquaredError", "config": {{{config}}}}}
            """));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void EachOutputKeepsItsOwnSettings()
    {
        var file = Parse("""
            {"class_name": "Functional", "config": {"name": "two", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "a"}, "name": "a", "inbound_nodes": []},
              {"class_name": "Dense", "config": {"name": "value", "units": 1}, "name": "value", "inbound_nodes": [[["a", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "kind", "units": 3}, "name": "kind", "inbound_nodes": [[["a", 0, 0, {}]]]}
             ], "input_layers": [["a", 0, 0]], "output_layers": [["value", 0, 0], ["kind", 0, 0]]},
             "training_config": {"loss": [{"class_name": "Huber", "config": {"delta": 0.5}}, {"class_name": "CategoricalCrossentropy", "config": {"label_smoothing": 0.2, "reduction": "sum"}}]}}
            """);
        Assert.Equal([new LossSpec("Huber", false, null, 0.5f), new LossSpec("CategoricalCrossentropy", false, 0.2f, null, LossReduction.Sum)], file.Losses!);
    }

    private static LossSpec Single(string config)
    {
        var file = Parse($$$"""
            {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 2, "batch_input_shape": [null, 3]}}]},
             {{{config}}}}
            """);
        return Assert.Single(file.Losses!)!;
    }

    private static KerasModelFile Parse(string json) => KerasModelFile.Parse(Encoding.UTF8.GetBytes(json), "'m.json'");
}
