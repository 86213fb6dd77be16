-- Which likewise is loaded
SELECT likewise_build_info() AS build_info;
