% The Octave side of the loop benchmark (issue #19, `bench/compare.sh loops`): the six
% programs written with element loops and slices, and their inputs. bench/compare.py puts
% this file in each program's setup (a script may define functions before it uses them)
% and times one call; loops.la, loops.py and loops.rs are the same programs.

% m×n pseudo-random numbers in [0, 1) from a formula of the column-major index k, the same
% in every language: frac(sin(12.9898·(s + k))·43758.5453).
function U = uniform(m, n, s)
  U = reshape(mod(sin((s + (1:m*n)') * 12.9898) * 43758.5453, 1), m, n);
end

% 1. Gaussian elimination with partial pivoting, then back substitution.
function [A, b] = gauss_inputs(n)
  A = uniform(n, n, 0) - 0.5;
  b = uniform(n, 1, n * n) - 0.5;
end

function x = gauss(A, b)
  n = rows(A);
  M = A;
  x = b;
  for k = 1:n-1
    p = k;
    for i = k+1:n
      if abs(M(i, k)) > abs(M(p, k))
        p = i;
      end
    end
    if p != k
      M([k, p], :) = M([p, k], :);
      t = x(k);
      x(k) = x(p);
      x(p) = t;
    end
    for i = k+1:n
      f = M(i, k) / M(k, k);
      for j = k+1:n
        M(i, j) = M(i, j) - f * M(k, j);
      end
      x(i) = x(i) - f * x(k);
    end
  end
  for i = n:-1:1
    s = x(i);
    for j = i+1:n
      s = s - M(i, j) * x(j);
    end
    x(i) = s / M(i, i);
  end
end

% 2. Modified Gram–Schmidt: A = QR, Q with orthonormal columns.
function [Q, R] = mgs(A)
  [m, n] = size(A);
  Q = A;
  R = zeros(n, n);
  for k = 1:n
    R(k, k) = norm(Q(:, k));
    Q(:, k) = Q(:, k) / R(k, k);
    for j = k+1:n
      R(k, j) = dot(Q(:, k), Q(:, j));
      Q(:, j) = Q(:, j) - R(k, j) * Q(:, k);
    end
  end
end

% 3. Jacobi iteration on a diagonally dominant system: positive off-diagonal elements, each
% a_ii 1.5 times the rest of its row, so a sweep shrinks the error by about 2/3 (50 sweeps
% reach a residual near 1e-12; 30 do not reach 1e-8).
function [A, b] = jacobi_inputs(n)
  N = uniform(n, n, 0);
  A = N + diag(1.5 * sum(N, 2));
  b = uniform(n, 1, n * n) - 0.5;
end

function x = jacobi(A, b, sweeps)
  n = rows(A);
  x = zeros(n, 1);
  for sweep = 1:sweeps
    y = zeros(n, 1);
    for i = 1:n
      s = 0;
      for j = 1:n
        s = s + A(i, j) * x(j);
      end
      y(i) = x(i) + (b(i) - s) / A(i, i);
    end
    x = y;
  end
end

% 4. Power iteration on a symmetric matrix, a rank-one part 8·ones/n plus symmetric noise:
% its eigenvalues of largest modulus are 10.57 and 9.05, so from a start far from the answer
% 200 steps reach a residual near 1e-15 (100 steps do not reach 1e-8).
function [A, v] = power_inputs(n)
  N = uniform(n, n, 0) - 0.5;
  A = 8 * ones(n, n) / n + (N + N') / 2;
  v = uniform(n, 1, n * n) - 0.5;
end

function v = power_iteration(A, v, steps)
  for step = 1:steps
    w = A * v;
    v = w / norm(w);
  end
end

% 5. k-means (Lloyd's iterations) on five clusters of points, point p in cluster p mod 5
% around a centre on a circle of radius 10; it starts from the first five points.
function X = kmeans_inputs(n, k)
  c = mod((0:n-1)', k) + 1;
  centres = 10 * [cos(2 * pi * c / k), sin(2 * pi * c / k)];
  X = centres + 2 * (uniform(n, 2, 0) - 0.5);
end

% The mean of each true cluster, which k-means must find.
function T = cluster_means(X, k)
  T = zeros(k, 2);
  for c = 1:k
    T(c, :) = mean(X(c:k:end, :), 1);
  end
end

function C = kmeans(X, C, iterations)
  n = rows(X);
  k = rows(C);
  for iteration = 1:iterations
    S = zeros(k, 2);
    counts = zeros(k, 1);
    for p = 1:n
      best = 1;
      nearest = Inf;
      for c = 1:k
        dx = X(p, 1) - C(c, 1);
        dy = X(p, 2) - C(c, 2);
        d = dx * dx + dy * dy;
        if d < nearest
          best = c;
          nearest = d;
        end
      end
      S(best, 1) = S(best, 1) + X(p, 1);
      S(best, 2) = S(best, 2) + X(p, 2);
      counts(best) = counts(best) + 1;
    end
    for c = 1:k
      C(c, 1) = S(c, 1) / counts(c);
      C(c, 2) = S(c, 2) / counts(c);
    end
  end
end

% 6. A perceptron on points of [-1, 1]² labelled by the line x - 2y + 0.3 = 0, each pushed
% 0.1 away from it; X has a column of ones for the bias.
function [X, y] = perceptron_inputs(n)
  P = 2 * uniform(n, 2, 0) - 1;
  y = sign(P(:, 1) - 2 * P(:, 2) + 0.3);
  P = P + 0.1 * y * [1, -2] / sqrt(5);
  X = [P, ones(n, 1)];
end

function w = perceptron(X, y, epochs)
  w = zeros(1, 3);
  for epoch = 1:epochs
    for p = 1:rows(X)
      x = X(p, :);
      if y(p) * dot(w, x) <= 0
        w = w + y(p) * x;
      end
    end
  end
end
