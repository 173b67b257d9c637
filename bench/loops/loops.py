# The Python side of the loop benchmark (issue #19, `bench/compare.sh loops`): the six
# programs as a NumPy user writes them first, NumPy arrays indexed element by element in
# Python loops, and their inputs. bench/compare.py puts this file in each program's setup
# and times one call; loops.la, loops.m and loops.rs are the same programs.
import math

import numpy as np


def uniform(m, n, s):
    """m×n pseudo-random numbers in [0, 1) from a formula of the column-major index k, the
    same in every language: frac(sin(12.9898·(s + k))·43758.5453)."""
    k = s + np.arange(1, m * n + 1)
    return np.mod(np.sin(k * 12.9898) * 43758.5453, 1.0).reshape((m, n), order="F")


# 1. Gaussian elimination with partial pivoting, then back substitution.
def gauss_inputs(n):
    return uniform(n, n, 0) - 0.5, uniform(n, 1, n * n)[:, 0] - 0.5


def gauss(A, b):
    n = A.shape[0]
    M = A.copy()
    x = b.copy()
    for k in range(n - 1):
        p = k
        for i in range(k + 1, n):
            if abs(M[i, k]) > abs(M[p, k]):
                p = i
        if p != k:
            M[[k, p], :] = M[[p, k], :]
            x[k], x[p] = x[p], x[k]
        for i in range(k + 1, n):
            f = M[i, k] / M[k, k]
            for j in range(k + 1, n):
                M[i, j] = M[i, j] - f * M[k, j]
            x[i] = x[i] - f * x[k]
    for i in range(n - 1, -1, -1):
        s = x[i]
        for j in range(i + 1, n):
            s = s - M[i, j] * x[j]
        x[i] = s / M[i, i]
    return x


# 2. Modified Gram–Schmidt: A = QR, Q with orthonormal columns.
def mgs(A):
    m, n = A.shape
    Q = A.copy()
    R = np.zeros((n, n))
    for k in range(n):
        R[k, k] = np.linalg.norm(Q[:, k])
        Q[:, k] = Q[:, k] / R[k, k]
        for j in range(k + 1, n):
            R[k, j] = np.dot(Q[:, k], Q[:, j])
            Q[:, j] = Q[:, j] - R[k, j] * Q[:, k]
    return Q, R


# 3. Jacobi iteration on a diagonally dominant system: positive off-diagonal elements, each
# a_ii 1.5 times the rest of its row, so a sweep shrinks the error by about 2/3 (50 sweeps
# reach a residual near 1e-12; 30 do not reach 1e-8).
def jacobi_inputs(n):
    N = uniform(n, n, 0)
    return N + np.diag(1.5 * N.sum(axis=1)), uniform(n, 1, n * n)[:, 0] - 0.5


def jacobi(A, b, sweeps):
    n = A.shape[0]
    x = np.zeros(n)
    for sweep in range(sweeps):
        y = np.zeros(n)
        for i in range(n):
            s = 0.0
            for j in range(n):
                s = s + A[i, j] * x[j]
            y[i] = x[i] + (b[i] - s) / A[i, i]
        x = y
    return x


# 4. Power iteration on a symmetric matrix, a rank-one part 8·ones/n plus symmetric noise:
# its eigenvalues of largest modulus are 10.57 and 9.05, so from a start far from the answer
# 200 steps reach a residual near 1e-15 (100 steps do not reach 1e-8).
def power_inputs(n):
    N = uniform(n, n, 0) - 0.5
    return 8 * np.ones((n, n)) / n + (N + N.T) / 2, uniform(n, 1, n * n)[:, 0] - 0.5


def power_iteration(A, v, steps):
    for step in range(steps):
        w = A @ v
        v = w / np.linalg.norm(w)
    return v


# 5. k-means (Lloyd's iterations) on five clusters of points, point p in cluster p mod 5
# around a centre on a circle of radius 10; it starts from the first five points.
def kmeans_inputs(n, k):
    c = np.arange(n) % k + 1
    centres = 10 * np.column_stack((np.cos(2 * np.pi * c / k), np.sin(2 * np.pi * c / k)))
    return centres + 2 * (uniform(n, 2, 0) - 0.5)


def cluster_means(X, k):
    """The mean of each true cluster, which k-means must find."""
    return np.array([X[c::k].mean(axis=0) for c in range(k)])


def kmeans(X, C, iterations):
    n, k = X.shape[0], C.shape[0]
    C = C.copy()
    for iteration in range(iterations):
        S = np.zeros((k, 2))
        counts = np.zeros(k)
        for p in range(n):
            best, nearest = 0, math.inf
            for c in range(k):
                dx = X[p, 0] - C[c, 0]
                dy = X[p, 1] - C[c, 1]
                d = dx * dx + dy * dy
                if d < nearest:
                    best, nearest = c, d
            S[best, 0] = S[best, 0] + X[p, 0]
            S[best, 1] = S[best, 1] + X[p, 1]
            counts[best] = counts[best] + 1
        for c in range(k):
            C[c, 0] = S[c, 0] / counts[c]
            C[c, 1] = S[c, 1] / counts[c]
    return C


# 6. A perceptron on points of [-1, 1]² labelled by the line x - 2y + 0.3 = 0, each pushed
# 0.1 away from it; X has a column of ones for the bias.
def perceptron_inputs(n):
    P = 2 * uniform(n, 2, 0) - 1
    y = np.sign(P[:, 0] - 2 * P[:, 1] + 0.3)
    P = P + 0.1 * np.outer(y, [1, -2]) / math.sqrt(5)
    return np.column_stack((P, np.ones(n))), y


def perceptron(X, y, epochs):
    w = np.zeros(3)
    for epoch in range(epochs):
        for p in range(X.shape[0]):
            x = X[p, :]
            if y[p] * np.dot(w, x) <= 0:
                w = w + y[p] * x
    return w
