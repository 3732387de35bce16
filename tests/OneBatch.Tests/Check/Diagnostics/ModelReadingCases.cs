using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check.Diagnostics;

/// <summary>
/// Small batches and tiny Dense models built the way users pair a model with a loss and targets, for the rules that
/// read the model's structure against its targets.
/// </summary>
internal static class ModelReadingCases
{
    public const int Samples = 16;
    public const int Features = 4;

    /// <summary>Inputs [16, 4] drawn from a seeded normal distribution.</summary>
    public static Tensor Inputs(int seed = 0)
    {
        var random = new Random(seed);
        var x = new float[Samples * Features];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return Tensor.FromArray(x, Samples, Features);
    }

    /// <summary>Binary labels [16, 1] from the inputs: 1 when the first two features sum above 0.</summary>
    public static Tensor BinaryLabels(Tensor x)
    {
        var v = x.ReadOnlySpan;
        var y = new float[Samples];
        for (int i = 0; i < Samples; i++)
        {
            y[i] = v[i * Features] + v[(i * Features) + 1] > 0f ? 1f : 0f;
        }

        return Tensor.FromArray(y, Samples, 1);
    }

    /// <summary>Class labels 0..classes-1, cycling over the samples.</summary>
    public static float[] Labels(int classes) => Enumerable.Range(0, Samples).Select(i => (float)(i % classes)).ToArray();

    public static Tensor OneHot(int classes)
    {
        var y = new float[Samples * classes];
        var labels = Labels(classes);
        for (int i = 0; i < Samples; i++)
        {
            y[(i * classes) + (int)labels[i]] = 1f;
        }

        return Tensor.FromArray(y, Samples, classes);
    }

    /// <summary>Multi-hot rows over <paramref name="classes"/>: sample i has labels i mod C and (i + 1) mod C.</summary>
    public static Tensor MultiHot(int classes)
    {
        var y = new float[Samples * classes];
        for (int i = 0; i < Samples; i++)
        {
            y[(i * classes) + (i % classes)] = 1f;
            y[(i * classes) + ((i + 1) % classes)] = 1f;
        }

        return Tensor.FromArray(y, Samples, classes);
    }

    /// <summary>Dense(16, relu) into an output layer of <paramref name="units"/> with <paramref name="activation"/>.</summary>
    public static Sequential Mlp(int units, string? activation, Initializer? outputKernel = null, Initializer? outputBias = null) =>
        new([
            new Dense(16, "relu", inputShape: [Features]),
            new Dense(units, activation, kernelInitializer: outputKernel, biasInitializer: outputBias),
        ]);

    public static CheckReport Run(Model model, Tensor x, Tensor y, Loss loss, int steps = 400, float learningRate = 0.01f) =>
        SingleBatchCheck.Run(model, x, y, loss, new Adam(learningRate), new CheckOptions { MaxSteps = steps });

    public static Diagnosis Single(CheckReport report, string code)
    {
        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        var found = report.Diagnoses.Where(d => d.Code == code).ToArray();
        Assert.True(found.Length == 1, $"expected {code}; got [{string.Join(", ", report.Diagnoses.Select(d => d.Code))}]");
        return found[0];
    }

    public static double Num(Diagnosis d, string key) => Convert.ToDouble(d.Evidence[key], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The symptoms a root cause explains are in its evidence, not diagnoses of their own.</summary>
    public static void SymptomsFolded(CheckReport report, Diagnosis root, params string[] expected)
    {
        Assert.DoesNotContain(report.Diagnoses, d => d.Code is DiagnosisCodes.DeadGradient or DiagnosisCodes.InputIgnored);
        var symptoms = root.Evidence.TryGetValue("symptoms", out var s) ? (string[])s! : [];
        Assert.All(expected, code => Assert.Contains(code, symptoms));
    }

    /// <summary>No note guesses at initial weights or unscaled inputs.</summary>
    public static void NoConfidentlyWrongNote(CheckReport report) =>
        Assert.DoesNotContain(report.Notes, n => n.Contains("confidently wrong", StringComparison.Ordinal));
}
