using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>
/// One argument of a layer call in a model file, positional or keyword: the tensors it holds (a tensor, a list of
/// them, or none), and its JSON as written (a plain value such as <c>true</c> when it holds no tensor).
/// </summary>
internal sealed record CallArgument(IReadOnlyList<TensorRef> Tensors, JsonElement Value)
{
    public bool HasTensors => Tensors.Count > 0;
}
