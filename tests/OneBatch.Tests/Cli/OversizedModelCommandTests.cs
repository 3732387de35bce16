using OneBatch.Cli;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary>
/// Model files whose sizes are impossible (issue 13's hostile inputs): exit 2 with one sentence naming the layer, before
/// anything big is allocated, never a crash or an internal error.
/// </summary>
public sealed class OversizedModelCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static string Sequential(string batchShape, string layer, string shapeKey = "batch_input_shape") => $$$"""
        {"class_name": "Sequential", "config": {"name": "s", "layers": [
          {"class_name": "InputLayer", "config": {"{{{shapeKey}}}": {{{batchShape}}}, "name": "in"}},
          {{{layer}}}]}}
        """;

    private (int Code, string Out, string Err) Check(string json, params string[] more)
    {
        string model = _dir.Write("model.json", json);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(["check", "--model", model, "--loss", "mse", "--steps", "2", "--batch-size", "2", .. more], stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void AssertOneLineExit2((int Code, string Out, string Err) r, params string[] parts)
    {
        Assert.True(r.Code == ExitCodes.BadInput, $"exit {r.Code}: {r.Out}{r.Err}");
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        foreach (string p in parts)
        {
            Assert.Contains(p, r.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ADenseKernelOfMoreWeightsThanATensorHoldsIsExit2NamingTheLayer()
    {
        // Before: "131,073 parameters" (the kernel's size wrapped around an int), then a native crash in Gemm.PackAlong.
        var r = Check(Sequential("[null, 65536]", """{"class_name": "Dense", "config": {"name": "dense_1", "units": 65537}}"""));
        AssertOneLineExit2(r, "Layer 'dense_1' (Dense)", "65,536 x 65,537 = 4,295,032,832", "more than one tensor can hold");
    }

    [Fact]
    public void AReshapeTargetWhoseKnownSizesPassAnIntIsExit2()
    {
        // Before: DivideByZeroException (65536 * 65536 wrapped to 0), exit 3.
        var r = Check(Sequential("[null, 4]", """{"class_name": "Reshape", "config": {"name": "reshape", "target_shape": [65536, 65536, -1]}}"""));
        AssertOneLineExit2(r, "'reshape'", "[65536, 65536, -1]");
    }

    [Fact]
    public void AConvolutionWindowSpanningMoreThanAnIntIsExit2()
    {
        var r = Check(Sequential("[null, 8, 8, 1]", """
            {"class_name": "Conv2D", "config": {"name": "conv", "filters": 1, "kernel_size": [256, 256], "padding": "same", "dilation_rate": [10000000, 10000000]}}
            """));
        AssertOneLineExit2(r, "Layer 'conv' (Conv2D)");
    }

    [Theory]
    [InlineData("batch_shape", "[null, 0]", "0")]
    [InlineData("batch_shape", "[null, -5]", "-5")]
    [InlineData("batch_input_shape", "[null, 3, 0]", "0")]
    [InlineData("input_shape", "[-1]", "-1")]
    public void ADeclaredInputSizeOfZeroOrLessIsExit2NamingTheLayerAndShape(string key, string shape, string bad)
    {
        var r = Check(Sequential(shape, """{"class_name": "Dense", "config": {"name": "dense_1", "units": 3}}""", key));
        AssertOneLineExit2(r, "layer 'in' (InputLayer)", key, $"size {bad} is not positive");
    }

    [Fact]
    public void ABuildInputShapeOfZeroOnAKerasThreeSequentialIsExit2()
    {
        string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Dense", "config": {"name": "dense_1", "units": 3}}], "build_input_shape": [null, 0]}}
            """;
        AssertOneLineExit2(Check(json), "build_input_shape [None, 0]", "size 0 is not positive");
    }
}
