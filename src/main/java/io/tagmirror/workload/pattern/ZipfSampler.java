package io.tagmirror.workload.pattern;

/**
 * Draws ranks 1..n with probability proportional to {@code rank^-skew} in constant time and memory,
 * by rejection-inversion (Hörmann and Derflinger, 1996), so volumes of billions of blocks need no table.
 *
 * <p>It uses {@link StrictMath} so that a seed gives the same ranks on every machine.
 */
final class ZipfSampler {
    private final long n;
    private final double skew;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double s;

    ZipfSampler(long n, double skew) {
        if (n < 1 || !(skew >= 0) || Double.isInfinite(skew)) {
            throw new IllegalArgumentException("need n >= 1 and a finite skew >= 0: " + n + ", " + skew);
        }
        this.n = n;
        this.skew = skew;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralN = hIntegral(n + 0.5);
        this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    /** A rank in [1, n]; rank 1 is the most likely. */
    long sample(SplitMix64 random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            // Accept at once when k is close enough to x, else test against the exact mass of k.
            if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    /** The integral of {@link #h} from 1 to x: (x^(1-skew) - 1) / (1 - skew), or ln(x) when skew is 1. */
    private double hIntegral(double x) {
        double logX = StrictMath.log(x);
        return helper2((1.0 - skew) * logX) * logX;
    }

    private double h(double x) {
        return StrictMath.exp(-skew * StrictMath.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - skew);
        if (t < -1.0) {
            t = -1.0;
        }
        return StrictMath.exp(helper1(t) * x);
    }

    /** log1p(x) / x, continuous at 0. */
    private static double helper1(double x) {
        if (Math.abs(x) > 1e-8) {
            return StrictMath.log1p(x) / x;
        }
        return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** expm1(x) / x, continuous at 0. */
    private static double helper2(double x) {
        if (Math.abs(x) > 1e-8) {
            return StrictMath.expm1(x) / x;
        }
        return 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
    }
}
