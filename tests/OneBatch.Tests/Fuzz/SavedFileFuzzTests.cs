using System.Text;
using CsCheck;
using OneBatch.Tests.IO.Saved;

namespace OneBatch.Tests.Fuzz;

/// <summary>
/// <c>onebatch check</c> on the files Keras saves, made as the saved-file tests make them (PureHDF): a Keras 2
/// full-model <c>.h5</c>, a Keras 3 <c>.keras</c>, and weights files (<c>save_weights</c> of Keras 2 and 3) beside a
/// model JSON, each valid or with its bytes damaged; a <c>.keras</c> may carry a mutated <c>config.json</c> instead.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class SavedFileFuzzTests
{
    // The MLP, LSTM and CNN of the saved-file tests, each with its files: (model json, Keras 2 .h5, .keras, Keras 2
    // weights, Keras 3 weights). Written once: PureHDF takes milliseconds per file.
    private static readonly Lazy<(string Json, byte[] H5, byte[] Keras, byte[] Weights2, byte[] Weights3)[]> Bases = new(() =>
        new[] { SavedModels.Mlp(), SavedModels.Lstm(), SavedModels.Cnn }.Select(json =>
        {
            var model = SavedModels.Build(json, seed: 3).Model;
            return (json,
                KerasFileWriter.Keras2FullModel(model, json, KerasFileWriter.VariableStrings),
                KerasFileWriter.KerasZip(Keras3Config(json), KerasFileWriter.Keras3Weights(model)),
                KerasFileWriter.Keras2Weights(model, KerasFileWriter.FixedStrings),
                KerasFileWriter.Keras3Weights(model));
        }).ToArray());

    public static Gen<FuzzCase> Cases { get; } =
        from which in Gen.Int[0, 2]
        from layout in Gen.Int[0, 3]
        from how in Gen.Int[0, 3]
        let b = Bases.Value[which]
        let file = layout switch { 0 => b.H5, 1 => b.Keras, 2 => b.Weights2, _ => b.Weights3 }
        from bytes in how switch
        {
            0 => Gen.Const(file),
            1 when layout == 1 => ModelJsonFuzzTests.Mutated(Keras3Config(b.Json)).Select(config => KerasFileWriter.KerasZip(Encoding.UTF8.GetString(config), KerasFileWriter.Keras3Weights(SavedModels.Build(b.Json, seed: 3).Model))),
            _ => ByteMutations.Of(file),
        }
        from batchSize in Gen.Int[1, 4]
        let name = layout switch { 0 => "model.h5", 1 => "model.keras", 2 => "weights.h5", _ => "model.weights.h5" }
        let files = new List<FuzzFile> { new("model.json", Encoding.UTF8.GetBytes(b.Json)), new(name, bytes) }
        let args = new List<string> { "check", "--model", FuzzCase.InDir(layout <= 1 ? name : "model.json"), "--batch-size", $"{batchSize}" }
            .Concat(layout <= 1 ? [] : ["--weights", FuzzCase.InDir(name)])
            .Concat(FuzzModel.FastOptions)
        select new FuzzCase("saved", files, args.ToArray(), []);

    [Fact]
    public void GeneratedSavedFilesKeepTheContract() => FuzzRun.Sample(Cases, stream: 5, defaultIterations: 30);

    // Keras 3's config.json for a model: the to_json() model with its compile config (the loss) in Keras 3's place.
    private static string Keras3Config(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        string loss = node["training_config"]?["loss"]?.GetValue<string>() ?? "mean_squared_error";
        node.Remove("training_config");
        node["compile_config"] = new System.Text.Json.Nodes.JsonObject { ["loss"] = loss, ["optimizer"] = "adam" };
        return node.ToJsonString();
    }
}
