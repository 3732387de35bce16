using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class NadamTests
{
    [Fact]
    public void TwoStepsByKeras3Rule()
    {
        // lr 0.1, b1 = b2 = 0.5, eps 0; w = 1, g1 = 2, g2 = 1. Keras 3: u_t = b1 (1 - 0.5 * 0.96^t):
        // u1 = 0.5 (1 - 0.48) = 0.26, u2 = 0.5 (1 - 0.5 * 0.9216) = 0.2696, u3 = 0.5 (1 - 0.5 * 0.884736) = 0.278816.
        // t=1: P1 = u1 = 0.26; m = 1, v = 2; mhat = u2 m / (1 - P1 u2) + (1 - u1) g / (1 - P1) = 0.2696 / (1 - 0.070096) + 2;
        //      vhat = v / (1 - 0.5) = 4; w = 1 - 0.1 mhat / 2.
        double mhat1 = (0.2696 / (1 - (0.26 * 0.2696))) + 2;
        double w1 = 1 - (0.1 * mhat1 / 2);

        // t=2: P2 = 0.26 * 0.2696 = 0.070096; m = 1 + (1 - 1) 0.5 = 1; v = 2 + (1 - 2) 0.5 = 1.5;
        //      mhat = u3 m / (1 - P2 u3) + (1 - u2) g / (1 - P2); vhat = 1.5 / 0.75 = 2; w -= 0.1 mhat / sqrt(2).
        double mhat2 = (0.278816 / (1 - (0.070096 * 0.278816))) + ((1 - 0.2696) / (1 - 0.070096));
        double w2 = w1 - (0.1 * mhat2 / Math.Sqrt(2));

        var w = Run(new Nadam(0.1f, 0.5f, 0.5f, 0f), [1f], [2f], [1f]);
        Near([w1], w[0], "t=1");
        Near([w2], w[1], "t=2");
    }

    [Fact]
    public void Keras2ScheduleDecayInTheMomentumCache()
    {
        // Keras 2: u_t = b1 (1 - 0.5 * 0.96^(0.004 t)). One step, lr 0.1, b1 = b2 = 0.5, eps 0, w = 1, g = 2:
        // mhat = u2 m / (1 - u1 u2) + (1 - u1) g / (1 - u1) = u2 / (1 - u1 u2) + 2, vhat = 4; w = 1 - 0.1 mhat / 2.
        double u1 = 0.5 * (1 - (0.5 * Math.Pow(0.96, 0.004))), u2 = 0.5 * (1 - (0.5 * Math.Pow(0.96, 0.008)));
        var w = Run(new Nadam(0.1f, 0.5f, 0.5f, 0f, scheduleDecay: 0.004f), [1f], [2f]);
        Near([1 - (0.1 * ((u2 / (1 - (u1 * u2))) + 2) / 2)], w[0]);
        Assert.Contains(new KeyValuePair<string, object?>("schedule_decay", 0.004f), new Nadam(scheduleDecay: 0.004f).GetConfig());
        Assert.DoesNotContain(new Nadam().GetConfig(), p => p.Key == "schedule_decay");
    }
}
