using System.Globalization;
using System.Text;

namespace OneBatch.Check;

/// <summary>
/// Thrown by <see cref="SingleBatchCheck.AssertMemorizes(OneBatch.Models.Model, OneBatch.Tensors.Tensor, OneBatch.Tensors.Tensor, OneBatch.Losses.Loss, OneBatch.Optimizers.Optimizer, CheckOptions?)"/>
/// when the batch was not memorized. Its message is the verdict line, each diagnosis (its code and its message, which
/// says what to change) and the notes, so a failing test in xunit, NUnit or MSTest shows why without more code;
/// <see cref="Report"/> holds everything the check measured.
/// </summary>
public sealed class NotMemorizedException : Exception
{
    public NotMemorizedException(CheckReport report)
        : base(Describe(report ?? throw new ArgumentNullException(nameof(report))))
    {
        Report = report;
    }

    /// <summary>The report of the check that did not memorize the batch.</summary>
    public CheckReport Report { get; }

    /// <summary>The verdict line, then a line per diagnosis (<c>code: message</c>), per note and for the isolation's suspect.</summary>
    internal static string Describe(CheckReport r)
    {
        var c = CultureInfo.InvariantCulture;
        string loss = r.HasPenalty ? string.Create(c, $"data loss {r.FinalDataLoss:G4}") : string.Create(c, $"loss {r.FinalLoss:G4}");
        var text = new StringBuilder(string.Create(c, $"NOT MEMORIZED after {r.Steps} steps: {loss}, target {r.TargetLoss:G4}"));
        if (r.Accuracy is float accuracy)
        {
            text.Append(string.Create(c, $", accuracy {accuracy:P0}"));
        }

        text.Append(string.Create(c, $" (initial loss {r.InitialLoss:G4}; {r.Optimizer} at learning rate {r.LearningRate:G4}, seed {r.Seed})."));
        if (r.Diagnoses.Count == 0)
        {
            text.Append('\n').Append("  no diagnosis: nothing the check measured explains it; try more steps (CheckOptions.MaxSteps) or another learning rate.");
        }

        foreach (var d in r.Diagnoses)
        {
            text.Append('\n').Append("  ").Append(d.Code).Append(": ").Append(d.Message);
        }

        foreach (var note in r.Notes)
        {
            text.Append('\n').Append("  note: ").Append(note);
        }

        if (r.Isolation is { } isolation)
        {
            text.Append('\n').Append(string.Create(c, $"  isolation: suspect the {isolation.Suspect}. {isolation.Summary}"));
        }

        return text.ToString();
    }
}
