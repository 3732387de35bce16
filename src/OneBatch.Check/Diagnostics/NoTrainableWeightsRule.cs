using static OneBatch.Check.Diagnostics.EvidenceValues;

namespace OneBatch.Check.Diagnostics;

/// <summary><c>no_trainable_weights</c>: the model has no weight the optimizer may change.</summary>
public sealed class NoTrainableWeightsRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.NoTrainableWeights;

    public Diagnosis? Diagnose(RunEvidence evidence)
    {
        if (evidence.TrainableParameters > 0)
        {
            return null;
        }

        var frozen = evidence.Layers.Where(l => l.Parameters > 0).Select(l => l.Name).ToArray();
        long parameters = evidence.Layers.Sum(l => l.Parameters);
        string message = frozen.Length == 0
            ? "Nothing to train: no layer of the model has weights."
            : $"Nothing to train: all {parameters} parameters are frozen (layers {string.Join(", ", frozen)} have Trainable = false). Set Trainable = true on the layers that should learn.";
        return new Diagnosis(Code, message, new Dictionary<string, object?>
        {
            ["parameters"] = parameters,
            ["trainableParameters"] = evidence.TrainableParameters,
            ["frozenLayers"] = frozen,
        });
    }
}
