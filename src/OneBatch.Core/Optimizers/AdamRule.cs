using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// The moments and the update that <see cref="Adam"/> and <see cref="AdamW"/> share (Keras's AdamW is Adam with a
/// weight decay): with t the 1-based step, <c>alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)</c>, then the
/// <see cref="OptimizerUpdates.Adam"/> or, with amsgrad, <see cref="OptimizerUpdates.AdamAmsgrad"/> kernel.
/// </summary>
internal sealed class AdamRule(float beta1, float beta2, float epsilon, bool amsgrad)
{
    private readonly List<Tensor> _m = [];
    private readonly List<Tensor> _v = [];
    private readonly List<Tensor> _vHat = [];
    private float _alpha;

    public void Build(IReadOnlyList<Variable> variables)
    {
        foreach (var v in variables)
        {
            _m.Add(new Tensor(v.Shape));
            _v.Add(new Tensor(v.Shape));
            if (amsgrad)
            {
                _vHat.Add(new Tensor(v.Shape));
            }
        }
    }

    /// <summary>The step's alpha, the same for every variable; <paramref name="t"/> is 1-based.</summary>
    public void BeginStep(long t, float learningRate) =>
        _alpha = (float)(learningRate * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t)));

    public void Update(Tensor gradient, Variable variable, int index)
    {
        if (amsgrad)
        {
            OptimizerUpdates.AdamAmsgrad(variable.Value.Span, gradient.ReadOnlySpan, _m[index].Span, _v[index].Span, _vHat[index].Span, _alpha, beta1, beta2, epsilon);
        }
        else
        {
            OptimizerUpdates.Adam(variable.Value.Span, gradient.ReadOnlySpan, _m[index].Span, _v[index].Span, _alpha, beta1, beta2, epsilon);
        }
    }
}
