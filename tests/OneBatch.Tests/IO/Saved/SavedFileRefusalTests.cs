using OneBatch.Cli;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>
/// Saved files that do not fit, are not Keras's, or are cut short: through the CLI, each is exit code 2 with one
/// sentence on stderr naming the file, no stack trace, and no report written.
/// </summary>
public sealed class SavedFileRefusalTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public SavedFileRefusalTests()
    {
        _dir.Write("m.json", Mlp());
        WriteBatch(_dir, Mlp());
        var model = Build(Mlp(), seed: 1).Model;
        byte[] full = KerasFileWriter.Keras2FullModel(model, Mlp(), KerasFileWriter.FixedStrings);
        byte[] weights = KerasFileWriter.Keras2Weights(model, KerasFileWriter.VariableStrings);
        _dir.Write("full.h5", full);
        _dir.Write("w.h5", weights);
        _dir.Write("three.h5", KerasFileWriter.Keras2Weights(
            Build(SeedModelJson.Sequential([3], "mse", SeedModelJson.Dense("dense", 4, "relu"), SeedModelJson.Dense("dense_1", 4, "relu"), SeedModelJson.Dense("dense_2", 2, "linear")), 1).Model,
            KerasFileWriter.FixedStrings));
        _dir.Write("nobias.h5", KerasFileWriter.Keras2Weights(
            Build(SeedModelJson.Sequential([3], "mse", SeedModelJson.Dense("dense", 4, "relu").Replace("\"use_bias\": true", "\"use_bias\": false", StringComparison.Ordinal), SeedModelJson.Dense("dense_1", 2, "linear")), 1).Model,
            KerasFileWriter.FixedStrings));
        _dir.Write("wide.h5", KerasFileWriter.Keras2Weights(Build(Mlp(hidden: 5), 1).Model, KerasFileWriter.FixedStrings));
        _dir.Write("other.h5", KerasFileWriter.Bytes(new PureHDF.H5File { ["data"] = new PureHDF.H5Dataset(new float[] { 1, 2 }, fileDims: [2]) }, KerasFileWriter.VariableStrings));
        var keras3 = Build(KerasSamples.Keras3, 1);
        byte[] keras3Weights = KerasFileWriter.Keras3Weights(keras3.Model, keras3.ClassNames);
        byte[] zip = KerasFileWriter.KerasZip(KerasSamples.Keras3, keras3Weights);
        _dir.Write("m.keras", zip);
        _dir.Write("noconfig.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, keras3Weights, withConfig: false));
        _dir.Write("cutweights.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, keras3Weights[..(keras3Weights.Length / 2)]));
        foreach (var (name, bytes) in new[] { ("full", full), ("w", weights), ("m", zip) })
        {
            foreach (int cut in Cuts(bytes.Length))
            {
                _dir.Write($"{name}-cut{cut}.{(name == "m" ? "keras" : "h5")}", bytes[..cut]);
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    // Where files are cut: inside the superblock / zip header, a quarter, a half, three quarters, a few bytes short.
    private static int[] Cuts(int length) => [40, length / 4, length / 2, (length * 3) / 4, length - 7];

    public static TheoryData<string, string[], string, string> Cases()
    {
        var data = new TheoryData<string, string[], string, string>
        {
            { "another layer count", ["--model", "@m.json", "--weights", "@three.h5"], "three.h5", "holds weights for 3 layers" },
            { "another array count", ["--model", "@m.json", "--weights", "@nobias.h5"], "nobias.h5", "its layer 'dense' holds 1 arrays" },
            { "another shape", ["--model", "@m.json", "--weights", "@wide.h5"], "wide.h5", "of shape [3, 5] but the model needs [3, 4]" },
            { "weights-only .h5 as the model", ["--model", "@w.h5"], "w.h5", "holds weights but no model_config" },
            { "zip without config.json", ["--model", "@noconfig.keras"], "noconfig.keras", "is a zip without config.json" },
            { "HDF5 that is not Keras, as weights", ["--model", "@m.json", "--weights", "@other.h5"], "other.h5", "is an HDF5 file but not Keras weights" },
            { "HDF5 that is not Keras, as the model", ["--model", "@other.h5"], "other.h5", "no model_config" },
            { "a .keras whose weights are cut", ["--model", "@cutweights.keras"], "cutweights.keras", "model.weights.h5" },
        };
        foreach (string name in new[] { "full", "w", "m" })
        {
            string ext = name == "m" ? "keras" : "h5";
            for (int i = 0; i < 5; i++)
            {
                string file = $"{name}-cut{{{i}}}.{ext}";
                data.Add($"truncated {name}.{ext} at cut {i}", name == "w" ? ["--model", "@m.json", "--weights", "@" + file] : ["--model", "@" + file], file, string.Empty);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsExitTwoWithOneSentenceNamingTheFileAndNoReport(string name, string[] args, string file, string expected)
    {
        // The cut files are named by the index of the cut, resolved here from the lengths written.
        if (file.Contains('{', StringComparison.Ordinal))
        {
            string prefix = file[..file.IndexOf('-', StringComparison.Ordinal)];
            string ext = Path.GetExtension(file);
            int index = int.Parse(file[(file.IndexOf('{', StringComparison.Ordinal) + 1)..file.IndexOf('}', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            int length = (int)new FileInfo(_dir.File(prefix + (ext == ".keras" ? ".keras" : ".h5"))).Length;
            string actual = $"{prefix}-cut{Cuts(length)[index]}{ext}";
            args = args.Select(a => a == "@" + file ? "@" + actual : a).ToArray();
            file = actual;
        }

        // A .keras of Keras3 (4 inputs) runs on a synthetic batch; the others on the batch for Dense 3-4-2.
        string[] batch = args[1].EndsWith(".keras", StringComparison.Ordinal) ? [] : ["--x", "@x.npy", "--y", "@y.npy"];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] all = ["check", .. args, .. batch, "--steps", "2", "--report", "@r.json"];
        int code = OneBatchCli.Run(all.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);

        string err = stderr.ToString();
        Assert.True(code == ExitCodes.BadInput, $"{name}: exit {code}; stdout {stdout}; stderr {err}");
        string line = Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("onebatch: ", line, StringComparison.Ordinal);
        Assert.Contains(file + "'", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", err);
        Assert.False(File.Exists(_dir.File("r.json")), name);
    }
}
