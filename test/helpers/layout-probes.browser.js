// Geometry checks run inside the catalog's pages (loaded with page.addScriptTag). Plain JavaScript:
// it runs in the browser as written. Each probe returns a list of problems, empty when the page is right.
(function () {
  /** A box in the outer <svg>'s user space, from an element's getBBox through its transform. */
  function boxInSvg(element) {
    var b = element.getBBox();
    var svg = element.ownerSVGElement;
    var m = svg.getScreenCTM().inverse().multiply(element.getScreenCTM());
    var xs = [],
      ys = [];
    [
      [b.x, b.y],
      [b.x + b.width, b.y],
      [b.x, b.y + b.height],
      [b.x + b.width, b.y + b.height],
    ].forEach(function (c) {
      var p = new DOMPoint(c[0], c[1]).matrixTransform(m);
      xs.push(p.x);
      ys.push(p.y);
    });
    return {
      left: Math.min.apply(null, xs),
      top: Math.min.apply(null, ys),
      right: Math.max.apply(null, xs),
      bottom: Math.max.apply(null, ys),
    };
  }
  function inside(inner, outer, slack) {
    return (
      inner.left >= outer.left - slack &&
      inner.right <= outer.right + slack &&
      inner.top >= outer.top - slack &&
      inner.bottom <= outer.bottom + slack
    );
  }
  function pointInSvg(element, x, y) {
    var m = element.ownerSVGElement.getScreenCTM().inverse().multiply(element.getScreenCTM());
    return new DOMPoint(x, y).matrixTransform(m);
  }
  function describe(element) {
    return (
      (element.closest('svg').getAttribute('class') || element.closest('svg').dataset.metric || 'svg') +
      ': "' +
      element.textContent +
      '"'
    );
  }
  function viewBoxOf(svg) {
    var v = svg.viewBox.baseVal;
    return v && v.width > 0
      ? { left: v.x, top: v.y, right: v.x + v.width, bottom: v.y + v.height }
      : { left: 0, top: 0, right: svg.width.baseVal.value, bottom: svg.height.baseVal.value };
  }

  window.layoutProbes = {
    /** The page is no wider than the window. */
    pageOverflow: function () {
      var width = document.scrollingElement.scrollWidth;
      return width <= window.innerWidth
        ? []
        : ['page is ' + width + ' px wide in a ' + window.innerWidth + ' px window'];
    },

    /**
     * Every SVG text inside its box: the smallest rect its first glyph starts in (a lineage node, a
     * timeline segment), or else the SVG's own viewBox (axis labels, legends), so nothing is clipped.
     */
    textsOutsideTheirBoxes: function () {
      var problems = [];
      document.querySelectorAll('svg').forEach(function (svg) {
        var rects = Array.prototype.filter
          .call(svg.querySelectorAll('rect'), function (r) {
            return !r.closest('defs, marker');
          })
          .map(function (r) {
            return { element: r, box: boxInSvg(r) };
          });
        svg.querySelectorAll('text').forEach(function (text) {
          if (text.getNumberOfChars() === 0) return;
          var box = boxInSvg(text);
          var start = text.getStartPositionOfChar(0);
          var anchor = pointInSvg(text, start.x + 0.5, start.y - 2);
          var holders = rects.filter(function (r) {
            return (
              anchor.x >= r.box.left && anchor.x <= r.box.right && anchor.y >= r.box.top && anchor.y <= r.box.bottom
            );
          });
          holders.sort(function (a, b) {
            return (
              (a.box.right - a.box.left) * (a.box.bottom - a.box.top) -
              (b.box.right - b.box.left) * (b.box.bottom - b.box.top)
            );
          });
          var outer = holders.length > 0 ? holders[0].box : viewBoxOf(svg);
          if (!inside(box, outer, 0.5))
            problems.push(
              describe(text) +
                ' [' +
                [box.left, box.top, box.right, box.bottom].map(Math.round) +
                '] is not inside ' +
                (holders.length > 0 ? 'its box' : 'the viewBox') +
                ' [' +
                [outer.left, outer.top, outer.right, outer.bottom].map(Math.round) +
                ']',
            );
        });
      });
      return problems;
    },

    /** No two texts of one SVG overlap (axis labels of long versions ran into each other). */
    overlappingTexts: function () {
      var problems = [];
      document.querySelectorAll('svg').forEach(function (svg) {
        var texts = Array.prototype.filter
          .call(svg.querySelectorAll('text'), function (t) {
            return t.getNumberOfChars() > 0;
          })
          .map(function (t) {
            return { element: t, box: boxInSvg(t) };
          });
        texts.forEach(function (a, i) {
          texts.slice(i + 1).forEach(function (b) {
            var x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
            var y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
            if (x > 1 && y > 1) problems.push(describe(a.element) + ' overlaps ' + describe(b.element));
          });
        });
      });
      return problems;
    },

    /**
     * Lineage edges cross no node but the two they join: a node is an endpoint when the edge
     * starts or ends within 3 px of it; any other node the edge passes through is a crossing.
     */
    edgesCrossingNodes: function () {
      var problems = [];
      document.querySelectorAll('svg.lineage').forEach(function (svg) {
        var nodes = Array.prototype.filter
          .call(svg.querySelectorAll('rect'), function (r) {
            return !r.closest('defs, marker');
          })
          .map(function (r) {
            return { name: (r.parentNode.textContent || '').trim(), box: boxInSvg(r) };
          });
        var near = function (p, b) {
          return p.x >= b.left - 3 && p.x <= b.right + 3 && p.y >= b.top - 3 && p.y <= b.bottom + 3;
        };
        svg.querySelectorAll('.edge').forEach(function (edge) {
          var length = edge.getTotalLength();
          var points = [];
          for (var at = 0; at <= length; at += 2) {
            var p = edge.getPointAtLength(at);
            points.push(pointInSvg(edge, p.x, p.y));
          }
          var end = edge.getPointAtLength(length);
          points.push(pointInSvg(edge, end.x, end.y));
          var first = points[0],
            last = points[points.length - 1];
          nodes.forEach(function (node) {
            if (near(first, node.box) || near(last, node.box)) return;
            var b = node.box;
            var hit = points.some(function (p) {
              return p.x > b.left + 1 && p.x < b.right - 1 && p.y > b.top + 1 && p.y < b.bottom - 1;
            });
            if (hit)
              problems.push(
                'an edge from [' +
                  Math.round(first.x) +
                  ',' +
                  Math.round(first.y) +
                  '] to [' +
                  Math.round(last.x) +
                  ',' +
                  Math.round(last.y) +
                  '] crosses "' +
                  node.name +
                  '"',
              );
          });
        });
      });
      return problems;
    },

    /**
     * In a table whose numbers are right-aligned, each header's text sits over its column's
     * numbers: the header's text ends where the column's values end (within 2 px).
     */
    misalignedNumberHeaders: function (tableSelector) {
      var problems = [];
      document.querySelectorAll(tableSelector).forEach(function (table) {
        var headers = table.querySelectorAll('thead th');
        headers.forEach(function (th, column) {
          var cells = Array.prototype.map
            .call(table.querySelectorAll('tbody tr'), function (tr) {
              return tr.children[column];
            })
            .filter(function (cell) {
              return cell && cell.classList.contains('num');
            });
          if (cells.length === 0) return;
          var range = document.createRange();
          range.selectNodeContents(th);
          var header = range.getBoundingClientRect();
          cells.forEach(function (cell) {
            var value = document.createRange();
            value.selectNodeContents(cell.querySelector('.value') || cell);
            var box = value.getBoundingClientRect();
            if (Math.abs(box.right - header.right) > 2)
              problems.push(
                '"' +
                  th.textContent +
                  '" ends at ' +
                  Math.round(header.right) +
                  ' px but its value "' +
                  cell.textContent +
                  '" ends at ' +
                  Math.round(box.right) +
                  ' px',
              );
          });
        });
      });
      return problems;
    },
  };
})();
