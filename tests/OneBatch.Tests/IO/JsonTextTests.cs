using System.Text.Json;
using OneBatch.IO.Keras;

namespace OneBatch.Tests.IO;

public sealed class JsonTextTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void APrettyPrintedValueIsQuotedOnOneLineAsKerasWritesItCompact()
    {
        Assert.Equal("[2, 2]", JsonText.OneLine(Json("[\n  2,\n  2\n]")));
        Assert.Equal("{\"l2\": 0.1}", JsonText.OneLine(Json("{\n    \"l2\":   0.1\n}")));
        Assert.Equal("\"same\"", JsonText.OneLine(Json("\"same\"")));
    }

    [Fact]
    public void ALongValueIsCutToItsLimit()
    {
        string text = JsonText.OneLine(Json("[" + string.Join(", ", Enumerable.Range(0, 40)) + "]"));
        Assert.Equal(60, text.Length);
        Assert.EndsWith("...", text, StringComparison.Ordinal);
        Assert.Equal("a b ...", JsonText.OneLine("a\r\n  b\tc d e", 7));
    }

    [Fact]
    public void Keras2TuplesBecomeListsAtAnyDepth()
    {
        var root = JsonText.WithoutTuples(Json("""
            {"a": {"class_name": "__tuple__", "items": [1, {"class_name": "__tuple__", "items": [2, 3]}]},
             "b": [{"class_name": "__tuple__", "items": []}], "c": {"class_name": "Dense", "items": [4]}}
            """));
        Assert.Equal("""{"a": [1, [2, 3]], "b": [[]], "c": {"class_name": "Dense", "items": [4]}}""", JsonText.OneLine(root, int.MaxValue));
    }

    [Fact]
    public void ADocumentWithoutTuplesIsReturnedAsItIs()
    {
        var root = Json("""{"a": [1, 2]}""");
        Assert.Equal(root.GetRawText(), JsonText.WithoutTuples(root).GetRawText());
    }
}
