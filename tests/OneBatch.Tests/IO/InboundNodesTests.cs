using System.Text.Json;
using OneBatch.IO;
using OneBatch.IO.Keras;

namespace OneBatch.Tests.IO;

/// <summary>
/// The arguments of a layer call as each Keras version writes them in inbound_nodes: tensors given positionally or
/// by keyword, and plain keyword values, put in a layer's parameter order by CallSpec.Arranged.
/// </summary>
public sealed class InboundNodesTests
{
    private static readonly string[] Attention = ["query", "value", "key"];

    private static string T(string layer) =>
        $$$"""{"class_name": "__keras_tensor__", "config": {"shape": [null, 3, 4], "dtype": "float32", "keras_history": ["{{{layer}}}", 0, 0]}}""";

    private static CallSpec Read(string inboundNodes)
    {
        using var doc = JsonDocument.Parse(inboundNodes);
        var calls = InboundNodes.Read(doc.RootElement.Clone(), m => new InputException(m));
        return Assert.Single(calls);
    }

    private static string[] Names(IEnumerable<TensorRef> refs) => refs.Select(r => r.Layer).ToArray();

    [Fact]
    public void TfKeras2WritesTheArgumentsAfterTheFirstAsKeywordsOnEachEntry()
    {
        // tf.keras 2: MultiHeadAttention()(q, v, key=k, use_causal_mask=True).
        var call = Read("""[[["q", 0, 0, {"value": ["v", 0, 0], "key": ["k", 1, 0], "use_causal_mask": true}]]]""");
        Assert.Equal(["q"], Names(call.Inputs));
        Assert.Equal(["v"], Names(call.Keywords["value"].Tensors));
        Assert.Equal(new TensorRef("k", 1, 0), call.Keywords["key"].Tensors[0]);
        Assert.False(call.Keywords["use_causal_mask"].HasTensors);
        Assert.True(call.Bool("use_causal_mask", false, Config()));

        var arranged = call.Arranged(Attention);
        Assert.Equal(["q", "v", "k"], Names(arranged.Inputs));
        Assert.Empty(arranged.Unread);

        // Self-attention, MultiHeadAttention()(x, x): the value names the query's tensor again.
        Assert.Equal(["x", "x"], Names(Read("""[[["x", 0, 0, {"value": ["x", 0, 0]}]]]""").Arranged(Attention).Inputs));
    }

    [Fact]
    public void TfKeras2WritesAListArgumentAsOneEntryPerTensorEachWithTheKwargs()
    {
        // tf.keras 2: Attention()([q, v], use_causal_mask=True).
        var call = Read("""[[["q", 0, 0, {"use_causal_mask": true}], ["v", 0, 0, {"use_causal_mask": true}]]]""");
        Assert.Equal(["q", "v"], Names(call.Arranged(["inputs"]).Inputs));
        Assert.True(call.Bool("use_causal_mask", false, Config()));
        Assert.Equal(["q", "v"], Names(call.Arranged(null).Inputs));
    }

    [Fact]
    public void Keras3KeepsPositionalArgumentsPositional()
    {
        // Keras 3: MultiHeadAttention()(q, v, key=k, use_causal_mask=True), with the masks Keras fills in as null.
        var call = Read($$$"""[{"args": [{{{T("q")}}}, {{{T("v")}}}], "kwargs": {"key": {{{T("k")}}}, "use_causal_mask": true, "query_mask": null, "value_mask": null}}]""");
        Assert.True(call.Keras3);
        Assert.Equal(2, call.Arguments.Count);
        Assert.Equal(["q", "v"], Names(call.Inputs));
        var arranged = call.Arranged(Attention);
        Assert.Equal(["q", "v", "k"], Names(arranged.Inputs));
        Assert.Empty(arranged.Unread);
        Assert.True(call.Bool("use_causal_mask", false, Config()));

        // Every tensor by keyword: MultiHeadAttention()(query=q, value=v).
        call = Read($$$"""[{"args": [], "kwargs": {"query": {{{T("q")}}}, "value": {{{T("v")}}}}}]""");
        Assert.Empty(call.Inputs);
        Assert.Equal(["q", "v"], Names(call.Arranged(Attention).Inputs));

        // Attention()([q, v]): one positional argument, a list.
        call = Read($$$"""[{"args": [[{{{T("q")}}}, {{{T("v")}}}]], "kwargs": {"use_causal_mask": false}}]""");
        Assert.Single(call.Arguments);
        Assert.Equal(["q", "v"], Names(call.Arranged(["inputs"]).Inputs));
        Assert.False(call.Bool("use_causal_mask", true, Config()));
    }

    [Fact]
    public void ALayerCalledByKeywordTakesItsInputsArgument()
    {
        var call = Read($$$"""[{"args": [], "kwargs": {"inputs": {{{T("x")}}}, "training": false}}]""").Arranged(null);
        Assert.Equal(["x"], Names(call.Inputs));
        Assert.Empty(call.Unread);
    }

    [Fact]
    public void TensorsUnderOtherKeywordsAreLeftUnread()
    {
        var keras3 = Read($$$"""[{"args": [{{{T("x")}}}], "kwargs": {"mask": {{{T("m")}}}}}]""").Arranged(null);
        Assert.Equal(["x"], Names(keras3.Inputs));
        Assert.Equal(["mask"], keras3.Unread);

        var keras2 = Read("""[[["q", 0, 0, {"value": ["v", 0, 0], "attention_mask": ["m", 0, 0]}]]]""").Arranged(Attention);
        Assert.Equal(["q", "v"], Names(keras2.Inputs));
        Assert.Equal(["attention_mask"], keras2.Unread);

        var extra = Read($$$"""[{"args": [{{{T("q")}}}, {{{T("v")}}}, {{{T("k")}}}, {{{T("z")}}}], "kwargs": {}}]""").Arranged(Attention);
        Assert.Equal(["positional argument 4"], extra.Unread);
    }

    [Fact]
    public void PlainValuesThatLookLikeListsAreNotTensors()
    {
        var call = Read("""[[["x", 0, 0, {"sizes": [1, 2], "names": ["a"], "pair": ["a", "b"], "flag": null}]]]""").Arranged(null);
        Assert.All(call.Keywords.Values, k => Assert.False(k.HasTensors));
        Assert.Null(call.Keyword("flag"));
        Assert.Equal("[1, 2]", call.Keyword("sizes")!.Value.GetRawText());
    }

    [Fact]
    public void AKeywordThatIsNotTrueOrFalseIsNamed()
    {
        var call = Read("""[[["x", 0, 0, {"use_causal_mask": 1}]]]""");
        var e = Assert.Throws<InputException>(() => call.Bool("use_causal_mask", false, Config()));
        Assert.Contains("'mha' (MultiHeadAttention) is called with use_causal_mask = 1, which is not true or false.", e.Message);
    }

    private static KerasConfig Config()
    {
        using var doc = JsonDocument.Parse("""{"name": "mha"}""");
        return new KerasConfig(doc.RootElement.Clone(), "MultiHeadAttention", 2, "'m.json'");
    }
}
