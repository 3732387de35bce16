using OneBatch.Kernels;

namespace OneBatch.Tests.Autodiff;

/// <summary>
/// Keras's recurrent layers written out step by step in double precision, straight from the cells' equations and
/// the masking rules of <c>keras.src.backend.tensorflow.rnn</c>: the reference the fused ops are compared with.
/// </summary>
public static class RecurrentReference
{
    public enum Cell
    {
        Lstm,
        GruResetAfter,
        GruResetBefore,
        SimpleRnn,
    }

    /// <summary>The op's output [N, rows + states, U] as a flat array, computed the slow way.</summary>
    public static double[] Run(
        Cell cell, float[] x, int n, int t, int f, float[] kernel, float[] recurrent, float[]? bias, float[]? mask, int u,
        GateActivation act, GateActivation rec, bool backwards, bool sequences, bool state, bool zeroMasked, bool reverseOutputs = false)
    {
        int gates = cell switch { Cell.Lstm => 4, Cell.SimpleRnn => 1, _ => 3 };
        int g = gates * u;
        int states = state ? (cell == Cell.Lstm ? 2 : 1) : 0;
        int rows = sequences ? t : 1;
        var y = new double[n * (rows + states) * u];
        for (int s = 0; s < n; s++)
        {
            var h = new double[u];
            var c = new double[u];
            var output = new double[u];
            for (int p = 0; p < t; p++)
            {
                int tau = backwards ? t - 1 - p : p;
                bool real = mask is null || mask[(s * t) + tau] != 0f;

                // x_t @ kernel, h @ recurrent_kernel
                var xk = new double[g];
                var hr = new double[g];
                for (int j = 0; j < g; j++)
                {
                    for (int k = 0; k < f; k++)
                    {
                        xk[j] += (double)x[(((s * t) + tau) * f) + k] * kernel[(k * g) + j];
                    }

                    for (int k = 0; k < u; k++)
                    {
                        hr[j] += h[k] * recurrent[(k * g) + j];
                    }
                }

                var newH = new double[u];
                var newC = new double[u];
                for (int j = 0; j < u; j++)
                {
                    switch (cell)
                    {
                        case Cell.Lstm:
                        {
                            double B(int gate) => bias is null ? 0 : bias[(gate * u) + j];
                            double i = A(rec, xk[j] + hr[j] + B(0));
                            double fg = A(rec, xk[u + j] + hr[u + j] + B(1));
                            double cc = A(act, xk[(2 * u) + j] + hr[(2 * u) + j] + B(2));
                            double o = A(rec, xk[(3 * u) + j] + hr[(3 * u) + j] + B(3));
                            newC[j] = (fg * c[j]) + (i * cc);
                            newH[j] = o * A(act, newC[j]);
                            break;
                        }

                        case Cell.GruResetAfter:
                        {
                            double Bi(int gate) => bias is null ? 0 : bias[(gate * u) + j];
                            double Br(int gate) => bias is null ? 0 : bias[(3 * u) + (gate * u) + j];
                            double z = A(rec, xk[j] + Bi(0) + hr[j] + Br(0));
                            double r = A(rec, xk[u + j] + Bi(1) + hr[u + j] + Br(1));
                            double hh = A(act, xk[(2 * u) + j] + Bi(2) + (r * (hr[(2 * u) + j] + Br(2))));
                            newH[j] = (z * h[j]) + ((1 - z) * hh);
                            break;
                        }

                        case Cell.GruResetBefore:
                        {
                            double B(int gate) => bias is null ? 0 : bias[(gate * u) + j];
                            double z = A(rec, xk[j] + B(0) + hr[j]);
                            double r = A(rec, xk[u + j] + B(1) + hr[u + j]);

                            // (r * h) @ recurrent_kernel[:, 2U:]
                            double rh = 0;
                            for (int k = 0; k < u; k++)
                            {
                                double rk = A(rec, xk[u + k] + B2(bias, u, 1, k) + hr[u + k]);
                                rh += rk * h[k] * recurrent[(k * g) + (2 * u) + j];
                            }

                            double hh = A(act, xk[(2 * u) + j] + B(2) + rh);
                            newH[j] = (z * h[j]) + ((1 - z) * hh);
                            break;
                        }

                        default:
                            newH[j] = A(act, xk[j] + hr[j] + (bias is null ? 0 : bias[j]));
                            break;
                    }
                }

                if (real)
                {
                    h = newH;
                    c = newC;
                    output = newH;
                }
                else if (zeroMasked)
                {
                    output = new double[u];
                }

                int row = sequences ? (reverseOutputs ? t - 1 - p : p) : (p == t - 1 ? 0 : -1);
                if (row >= 0)
                {
                    Array.Copy(output, 0, y, ((s * (rows + states)) + row) * u, u);
                }
            }

            if (state)
            {
                Array.Copy(h, 0, y, ((s * (rows + states)) + rows) * u, u);
                if (cell == Cell.Lstm)
                {
                    Array.Copy(c, 0, y, ((s * (rows + states)) + rows + 1) * u, u);
                }
            }
        }

        return y;
    }

    private static double B2(float[]? bias, int u, int gate, int k) => bias is null ? 0 : bias[(gate * u) + k];

    public static double A(GateActivation kind, double z) => kind switch
    {
        GateActivation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        GateActivation.Tanh => Math.Tanh(z),
        GateActivation.HardSigmoid => Math.Clamp((z / 6) + 0.5, 0, 1),
        GateActivation.HardSigmoidKeras2 => Math.Clamp((0.2 * z) + 0.5, 0, 1),
        GateActivation.Relu => Math.Max(z, 0),
        _ => z,
    };
}
