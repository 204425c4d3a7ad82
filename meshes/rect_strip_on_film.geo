// Rectangular Pt strip on a YIG film: a 2D cross-section for nfdiff.
//
// The same device as strip_on_film.geo with vertical sidewalls, to compare gmsh
// triangles with the tensor-product quads of nf.mesh.rectangles.
//
// Coordinates in metres (load with nf.mesh.load(path), scale 1).  gmsh x is nfdiff's x
// (across the strip), gmsh y is nfdiff's z (up through the film); the strip runs along
// the extruded y direction of nfdiff.
//
//   film   YIG, -2 um < x < 2 um, 0 < z < 200 nm
//   strip  Pt rectangle on top: 300 nm wide, 200 nm < z < 210 nm, centred at x = 0
//
// Physical surfaces (regions): "film", "strip".
// Physical curves (boundaries): "bottom" (film bottom), "left", "right" (film sides),
// "film_top" (free film top outside the strip), "strip_top" (strip sidewalls and top:
// the strip's exterior), "interface" (strip|film, interior).
//
// Element sizes: 2 nm in the strip and within 5 nm of it, growing with the distance
// from the strip to 150 nm at 500 nm and beyond (about 4500 triangles).
// Regenerate the .msh (MSH 4.1, ASCII) with `python meshes/build.py`.

film_width = 4e-6;
film_thickness = 200e-9;
strip_bottom = 300e-9;
strip_top = 300e-9;     // = strip_bottom: vertical sidewalls
strip_thickness = 10e-9;
h_strip = 2e-9;       // element size in and next to the strip [m]
h_far = 150e-9;       // element size far from the strip [m]
d_fine = 5e-9;        // distance from the strip within which sizes stay h_strip [m]
d_grow = 500e-9;      // distance from the strip at which sizes reach h_far [m]

// film corners, then the strip's bottom and top corners
Point(1) = {-film_width / 2, 0, 0};
Point(2) = {film_width / 2, 0, 0};
Point(3) = {film_width / 2, film_thickness, 0};
Point(4) = {strip_bottom / 2, film_thickness, 0};
Point(5) = {-strip_bottom / 2, film_thickness, 0};
Point(6) = {-film_width / 2, film_thickness, 0};
Point(7) = {strip_top / 2, film_thickness + strip_thickness, 0};
Point(8) = {-strip_top / 2, film_thickness + strip_thickness, 0};

Line(1) = {1, 2};   // film bottom
Line(2) = {2, 3};   // film right side
Line(3) = {3, 4};   // free film top, right of the strip
Line(4) = {4, 5};   // strip|film interface
Line(5) = {5, 6};   // free film top, left of the strip
Line(6) = {6, 1};   // film left side
Line(7) = {4, 7};   // strip right sidewall
Line(8) = {7, 8};   // strip top
Line(9) = {8, 5};   // strip left sidewall

Curve Loop(1) = {1, 2, 3, 4, 5, 6};
Plane Surface(1) = {1};
Curve Loop(2) = {-4, 7, 8, 9};
Plane Surface(2) = {2};

Physical Surface("film") = {1};
Physical Surface("strip") = {2};
Physical Curve("bottom") = {1};
Physical Curve("right") = {2};
Physical Curve("film_top") = {3, 5};
Physical Curve("interface") = {4};
Physical Curve("left") = {6};
Physical Curve("strip_top") = {7, 8, 9};

// sizes from the distance to the strip's edges
Field[1] = Distance;
Field[1].CurvesList = {4, 7, 8, 9};
Field[1].Sampling = 200;
Field[2] = Threshold;
Field[2].InField = 1;
Field[2].SizeMin = h_strip;
Field[2].SizeMax = h_far;
Field[2].DistMin = d_fine;
Field[2].DistMax = d_grow;
Background Field = 2;

Mesh.MeshSizeExtendFromBoundary = 0;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeFromCurvature = 0;
Mesh.ElementOrder = 1;
Mesh.MshFileVersion = 4.1;
Mesh.Binary = 0;
