using System.Diagnostics;
using System.Text.Json;
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
        string[] batch = more.Contains("--batch-size") || more.Contains("--x") ? [] : ["--batch-size", "2"];
        int code = OneBatchCli.Run(["check", "--model", model, "--loss", "mse", "--steps", "2", .. batch, .. more], stdout, stderr, interactive: false);
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
        AssertOneLineExit2(r, "Layer 1 of the model, 'dense_1' (Dense): a tensor of 65,536 x 65,537 = 4,295,032,832", "more than one tensor can hold");
        Assert.DoesNotContain("Layer 'dense_1'", r.Err, StringComparison.Ordinal);
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
        AssertOneLineExit2(r, "Layer 1 of the model, 'conv' (Conv2D): ");
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

    private static string Dense(int features, int units) =>
        Sequential($"[null, {features}]", $$$"""{"class_name": "Dense", "config": {"name": "dense_1", "units": {{{units}}}}}""");

    [Theory]
    [InlineData("demo", "regression")]
    [InlineData("sweep", "demo", "regression", "--optimizers", "adam", "--lrs", "0.01")]
    [InlineData("lr-find", "demo", "regression")]
    public void EveryCommandOnADemoHonoursMaxMemory(params string[] command)
    {
        // Before: sweep demo and lr-find demo took --max-memory and trained anyway.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run([.. command, "--max-memory", "1K"], stdout, stderr, interactive: false);
        AssertOneLineExit2((code, stdout.ToString(), stderr.ToString()), "onebatch: --max-memory: The check needs about ", "but the limit set is 1 kB");
    }

    [Fact]
    public void AModelOverMaxMemoryIsExit2SayingWhatItNeedsAndWhatItHas()
    {
        var watch = Stopwatch.StartNew();
        var r = Check(Dense(1000, 1000), "--max-memory", "1M");
        AssertOneLineExit2(r, "--max-memory: ", "model.json' on a batch of 2: the check needs about ", "(weights 4 MB, gradients 4 MB, adam state 8 MB", "but the limit set is 1 MB");
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void ALegalModelTooBigForTheMachineIsExit2BeforeItsWeightsAreMade()
    {
        // 2,000 x 1,000,000 weights fit one tensor (8 GB), but with their gradients, Adam's state and copies do not fit
        // this machine (24 GB): refused from a dry run, where building would fill memory for seconds.
        var watch = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Check(Dense(2000, 1_000_000));
        AssertOneLineExit2(r, "--model: ", "the check needs about ", "(weights 8 GB", "is available");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void AHugeSyntheticBatchIsExit2BeforeItIsMade()
    {
        var r = Check(Dense(1000, 10), "--batch-size", "100000000");
        AssertOneLineExit2(r, "on a batch of 100,000,000: the check needs about ", "batch 404 GB");
    }

    [Fact]
    public void TheSummaryAndTheReportGiveTheEstimate()
    {
        string report = _dir.File("r.json");
        var r = Check(Dense(4, 3), "--report", report);
        Assert.Contains(" parameters, about ", r.Out, StringComparison.Ordinal);
        Assert.Contains(" of memory, ", r.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var m = json.RootElement.GetProperty("memoryEstimate");
        Assert.Equal(15 * 4, m.GetProperty("weights").GetInt64());
        Assert.Equal(2 * 15 * 4, m.GetProperty("optimizerState").GetInt64());
        Assert.True(m.GetProperty("bytes").GetInt64() > m.GetProperty("weights").GetInt64());
    }

    [Fact]
    public async Task UnderAHeapLimitTheCliRefusesAnOversizedModelAtOnceInOneLine()
    {
        // A child process whose GC heap is capped at 256 MB (as a container's limit caps it); 4,000 x 4,000 weights
        // need about 0.5 GB with Adam. ulimit -v would break the runtime, so the cap is the GC's own.
        string model = _dir.Write("model.json", Dense(4000, 4000));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "onebatch.dll"), "check", "--model", model, "--loss", "mse" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000";
        var watch = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(20_000);
        await child.WaitForExitAsync(timeout.Token);
        string err = await stderr;
        Assert.True(child.ExitCode == ExitCodes.BadInput, $"exit {child.ExitCode}: {await stdout}{err}");
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains("the check needs about ", err, StringComparison.Ordinal);
        Assert.Contains("MB is available", err, StringComparison.Ordinal);
        Assert.True(watch.ElapsedMilliseconds < 5000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void ABatchFileTooBigToReadIsExit2BeforeItIsRead()
    {
        // A header announcing 500,000 x 4 float32 values (8 MB) and no data: refused under a 10 MB limit from the header
        // alone (reading needs the values twice over), not found truncated after reading.
        string x = _dir.Write("x.npy", NpyBytes.Create("<f4", [500_000, 4], []));
        var r = Check(Dense(4, 3), "--x", x, "--y", x, "--max-memory", "10M");
        AssertOneLineExit2(r, "--max-memory: reading '", "x.npy' needs about 16 MB but the limit set is 10 MB.");
    }

    [Fact]
    public void ACompressedNpzIsMeasuredByTheValuesItAnnouncesNotItsSizeOnDisk()
    {
        // 4,000,000 float32 zeros (16 MB) deflate to about 16 kB: before, judged by its size on disk and inflated.
        var zeros = NpyBytes.Create("<f4", [1_000_000, 4], new byte[16_000_000]);
        string x = _dir.Write("x.npz", NpzBytes.Create(("x.npy", zeros, System.IO.Compression.CompressionLevel.Optimal), ("y.npy", zeros, System.IO.Compression.CompressionLevel.Optimal)));
        Assert.True(new FileInfo(x).Length < 200_000);
        var r = Check(Dense(4, 3), "--x", x, "--max-memory", "20M");
        AssertOneLineExit2(r, "--max-memory: reading '", "x.npz' needs about 64 MB but the limit set is 20 MB.");
    }
}
