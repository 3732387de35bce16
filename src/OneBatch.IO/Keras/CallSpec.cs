using System.Text.Json;

namespace OneBatch.IO.Keras;

/// <summary>
/// One call of a layer in a model file. <see cref="Inputs"/> are the tensors the layer is applied to, in order: as
/// read, those of the positional arguments; once <see cref="Arranged"/>, those of the layer's tensor parameters
/// (MultiHeadAttention's query, value and key, wherever the file put them). <see cref="Arguments"/> are the
/// positional arguments and <see cref="Keywords"/> the keyword arguments (tensor references or plain values such as
/// <c>use_causal_mask</c>); <see cref="Keras3"/> says whether the call is written in Keras 3's form.
/// </summary>
internal sealed record CallSpec(IReadOnlyList<TensorRef> Inputs, bool Keras3 = false)
{
    private static readonly Dictionary<string, CallArgument> NoKeywords = [];

    /// <summary>A call with no arguments: how a layer outside a Functional model (in a Sequential) is read.</summary>
    public static CallSpec None { get; } = new([]);

    public IReadOnlyList<CallArgument> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, CallArgument> Keywords { get; init; } = NoKeywords;

    /// <summary>The keyword arguments holding tensors that the layer does not take: an error once the layer is known (see <see cref="Arranged"/>).</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>
    /// The call with <see cref="Inputs"/> set to the tensors of the given parameters, in that order: parameter i is
    /// positional argument i when the call has one, else the keyword argument of its name (tf.keras 2 writes every
    /// argument after the first as a keyword; Keras 3 keeps them positional). Without parameters, the positional
    /// tensors as read (or the keyword <c>inputs</c>). Tensors under other keywords go to <see cref="Unread"/>.
    /// </summary>
    public CallSpec Arranged(IReadOnlyList<string>? parameters)
    {
        var inputs = new List<TensorRef>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        if (parameters is null)
        {
            inputs.AddRange(Inputs);
            if (inputs.Count == 0 && Keywords.TryGetValue("inputs", out var named))
            {
                inputs.AddRange(named.Tensors);
                used.Add("inputs");
            }
        }
        else
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                if (i < Arguments.Count)
                {
                    inputs.AddRange(Arguments[i].Tensors);
                }
                else if (Keywords.TryGetValue(parameters[i], out var keyword))
                {
                    inputs.AddRange(keyword.Tensors);
                    used.Add(parameters[i]);
                }
            }
        }

        var unread = Keywords.Where(k => k.Value.HasTensors && !used.Contains(k.Key)).Select(k => k.Key).ToList();
        if (parameters is not null)
        {
            unread.AddRange(Arguments.Select((a, i) => (a, i)).Skip(parameters.Count).Where(p => p.a.HasTensors).Select(p => $"positional argument {p.i + 1}"));
        }

        return this with { Inputs = inputs, Unread = unread };
    }

    /// <summary>The plain value of a keyword argument; null when absent or JSON null.</summary>
    public JsonElement? Keyword(string name) =>
        Keywords.TryGetValue(name, out var a) && !a.HasTensors && a.Value.ValueKind != JsonValueKind.Null ? a.Value : null;

    /// <summary>A true/false keyword argument (<c>use_causal_mask</c>), or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string name, bool fallback, KerasConfig layer) => Keyword(name) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } v => throw layer.Error($"is called with {name} = {JsonText.OneLine(v)}, which is not true or false."),
    };
}
